using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatService.Chat.Auth;
using ChatService.Chat.Contracts;
using ChatService.Chat.Guards;
using ChatService.SocketIO;
using Microsoft.Extensions.Options;

namespace ChatService.Chat;

/// <summary>
/// The one place where wire events meet the chat: registers <c>join_room</c>, <c>send_message</c>,
/// <c>typing</c> and <c>leave_room</c> on the main namespace, validates every payload, enforces the rate
/// limits and the one-room-per-connection rule, and answers rejected events with <c>error</c> (and the ack).
/// </summary>
public sealed partial class ChatSocketHandlers
{
    private const string DefaultUsername = "Anônimo";
    private const int MaxClientIdLength = 100;

    // send_message handled per connection before the oldest must be stored (a bound on pipelining).
    private const int MaxSendsInFlight = 64;
    private const int ReplayPageSize = 200;
    private const int MaxReplayPages = 10;

    private readonly ChatPublisher _publisher;
    private readonly IMessageStore _store;
    private readonly IPresence _presence;
    private readonly RoomDirectory _rooms;
    private readonly ConnectionRateLimiter _limiter;
    private readonly ChatOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HashSet<string> _reserved;

    private static ChatError WrongType => ChatError.InvalidPayload("um campo tem o tipo errado.");

    /// <summary>Creates the handlers.</summary>
    public ChatSocketHandlers(
        ChatPublisher publisher,
        IMessageStore store,
        IPresence presence,
        RoomDirectory rooms,
        ConnectionRateLimiter limiter,
        IOptions<ChatOptions> options,
        TimeProvider time,
        ILogger<ChatSocketHandlers> logger)
    {
        _publisher = publisher;
        _store = store;
        _presence = presence;
        _rooms = rooms;
        _limiter = limiter;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _reserved = new HashSet<string>(_options.ReservedUsernames.Select(Fold), StringComparer.Ordinal);
    }

    /// <summary>
    /// Registers the chat on <paramref name="ns"/> (the main namespace). The handlers are the namespace's,
    /// shared by every socket; each socket's <see cref="ChatConnectionState"/> is its <see cref="SocketContext.State"/>.
    /// </summary>
    public void Map(SocketIONamespace ns)
    {
        On(ns, ChatEvents.JoinRoom, JoinAsync);
        On(ns, ChatEvents.LeaveRoom, LeaveAsync);
        On(ns, ChatEvents.SendMessage, SendAsync);
        On(ns, ChatEvents.Typing, TypingAsync);
        ns.OnDisconnect(OnDisconnected);
        ns.OnConnection(OnConnected);
    }

    /// <summary>
    /// Registers <paramref name="handler"/> with the socket's chat state. The state is set when the socket
    /// connects, before its events are read; an event without it (not a chat socket) is ignored.
    /// </summary>
    private static void On(SocketIONamespace ns, string eventName, Func<SocketIOEvent, ChatConnectionState, ValueTask> handler) =>
        ns.On(eventName, e => e.Socket.State is ChatConnectionState state ? handler(e, state) : ValueTask.CompletedTask);

    private async ValueTask OnConnected(SocketContext socket)
    {
        var state = new ChatConnectionState();
        socket.State = state;
        if (_logger.IsEnabled(LogLevel.Information))
        {
            Log.Connected(_logger, socket.Id, socket.Transport.ToString(), socket.Handshake.Address?.ToString());
        }

        socket.Emit(ChatEvents.Connected, new ConnectedEvent(socket.Id, "Conectado ao chat IntegrAção"), ChatJsonContext.Default.ConnectedEvent);
        if (socket.Recovered)
        {
            await RecoverAsync(socket, state);
        }
    }

    private ValueTask OnDisconnected(SocketContext socket, DisconnectReason reason)
    {
        // No state: the socket left before the chat saw it connect, so it never joined a room.
        if (socket.State is not ChatConnectionState state)
        {
            return ValueTask.CompletedTask;
        }

        Log.Disconnected(_logger, socket.Id, reason.ToWireString());
        return LeaveCurrentRoomAsync(socket, state, disconnecting: true);
    }

    /// <summary>
    /// A recovered session: same socket id and room as before the cut. Puts it back in presence and replays,
    /// in order, the room's messages after the last offset the client saw (broadcasts are held meanwhile).
    /// </summary>
    private async ValueTask RecoverAsync(SocketContext socket, ChatConnectionState state)
    {
        var saved = socket.RecoveryData.IsEmpty ? null : JsonSerializer.Deserialize(socket.RecoveryData.Span, ChatJsonContext.Default.RecoveryState);
        if (saved?.RoomId is not { } roomId || saved.Username is not { } username)
        {
            return;
        }

        username = ChatIdentity.BoundUsername(socket) ?? username;
        state.Username = username;
        state.RoomId = roomId;
        socket.Join(roomId);
        var now = _time.GetUtcNow();
        _presence.Enter(new PresenceEntry(socket.Id, username, roomId, now));
        await socket.Namespace.To(roomId).Except(socket.Id).EmitAsync(
            ChatEvents.UserJoined, new UserJoinedEvent(socket.Id, username, roomId, ChatTime.Format(now), _presence.CountInRoom(roomId)), ChatJsonContext.Default.UserJoinedEvent);

        var after = long.TryParse(socket.RecoveryOffset, out var offset) ? offset : saved.Watermark;
        var replayed = 0;
        try
        {
            for (var page = 0; page < MaxReplayPages; page++)
            {
                var missed = await _store.GetAfterAsync(roomId, after, ReplayPageSize, CancellationToken.None);
                foreach (var message in missed)
                {
                    var offsetText = ChatPublisher.Offset(message.Id);
                    socket.Emit(ChatEvents.NewMessage, new SocketIOArguments.Builder()
                        .Add(NewMessageEvent.From(message), ChatJsonContext.Default.NewMessageEvent)
                        .AddString(offsetText)
                        .Build());
                    socket.MarkReplayed(offsetText);
                    after = message.Id;
                    replayed++;
                }

                if (missed.Count < ReplayPageSize)
                {
                    break;
                }
            }
        }
        catch (MessageStoreException ex)
        {
            Log.StoreFailed(_logger, socket.Id, ex);
        }

        SaveRecoveryData(socket, state, after);
        Log.Recovered(_logger, socket.Id, roomId, replayed);
    }

    /// <summary>Keeps the chat state with the session, for a recovery after a cut.</summary>
    private static void SaveRecoveryData(SocketContext socket, ChatConnectionState state, long watermark)
    {
        if (socket.Pid is not null)
        {
            socket.RecoveryData = JsonSerializer.SerializeToUtf8Bytes(new RecoveryState(state.Username, state.RoomId, watermark), ChatJsonContext.Default.RecoveryState);
        }
    }

    private async ValueTask JoinAsync(SocketIOEvent e, ChatConnectionState state)
    {
        var socket = e.Socket;
        if (!TryRead(e, ChatJsonContext.Default.JoinRoomRequest, allowMissing: true, out var request, out var error))
        {
            Reject(e, error);
            return;
        }

        if (!_limiter.TryJoin(socket.Id))
        {
            Reject(e, ChatError.RateLimited);
            return;
        }

        var roomId = request?.RoomId ?? _options.DefaultRoom;
        if (!_rooms.IsAllowed(roomId))
        {
            Reject(e, ChatError.InvalidRoom);
            return;
        }

        // An authenticated connection's name comes from its token; the payload's username is then ignored.
        if (!TryValidateUsername(ChatIdentity.BoundUsername(socket) ?? request?.Username ?? state.Username ?? DefaultUsername, out var username, out error))
        {
            Reject(e, error);
            return;
        }

        if (state.RoomId is { } previous && previous != roomId)
        {
            await LeaveCurrentRoomAsync(socket, state);
        }

        state.Username = username;
        state.RoomId = roomId;
        socket.Join(roomId);
        var now = _time.GetUtcNow();
        _presence.Enter(new PresenceEntry(socket.Id, username, roomId, now));
        var count = _presence.CountInRoom(roomId);
        Log.Joined(_logger, socket.Id, roomId);

        var history = await RecentHistoryAsync(roomId);
        SaveRecoveryData(socket, state, history.Count > 0 ? history[^1].Id : 0);
        await socket.Namespace.To(roomId).EmitAsync(
            ChatEvents.UserJoined, new UserJoinedEvent(socket.Id, username, roomId, ChatTime.Format(now), count), ChatJsonContext.Default.UserJoinedEvent);
        var roomName = _options.EffectiveRooms.FirstOrDefault(r => r.Id == roomId)?.Name ?? roomId;
        socket.Emit(
            ChatEvents.RoomJoined,
            new RoomJoinedEvent(roomId, $"Você entrou na sala {roomName}", count, username, history),
            ChatJsonContext.Default.RoomJoinedEvent);
        e.Ack(new ChatAck(true, null, null, roomId), ChatJsonContext.Default.ChatAck);
    }

    private async ValueTask LeaveAsync(SocketIOEvent e, ChatConnectionState state)
    {
        await LeaveCurrentRoomAsync(e.Socket, state);
        e.Ack(new ChatAck(true, null, null), ChatJsonContext.Default.ChatAck);
    }

    private async ValueTask SendAsync(SocketIOEvent e, ChatConnectionState state)
    {
        var socket = e.Socket;
        if (!TryReadSend(e, state.RoomId, out var request, out var error))
        {
            Reject(e, error);
            return;
        }

        if (state.RoomId is not { } roomId || (request!.RoomId is { } asked && asked != roomId))
        {
            Reject(e, ChatError.NotInRoom);
            return;
        }

        if (request.Message is null)
        {
            Reject(e, ChatError.InvalidPayload("o campo message é obrigatório."));
            return;
        }

        var text = TextSanitizer.Message(request.Message);
        if (text.Length == 0)
        {
            Reject(e, ChatError.EmptyMessage);
            return;
        }

        // A text never has more characters than UTF-16 units: only a long one needs counting.
        if (text.Length > _options.MaxMessageLength && CountCharacters(text) > _options.MaxMessageLength)
        {
            Reject(e, ChatError.MessageTooLong(_options.MaxMessageLength));
            return;
        }

        var clientId = request.ClientId;
        if (clientId is { Length: 0 or > MaxClientIdLength })
        {
            Reject(e, ChatError.InvalidPayload($"client_id deve ter de 1 a {MaxClientIdLength} caracteres."));
            return;
        }

        // Sends are pipelined (see CompleteSendAsync). A resend check must see every earlier send of this
        // connection stored, and a client running far ahead waits for its oldest sends: the window is bounded.
        if ((clientId is not null || state.SendsInFlight >= MaxSendsInFlight) && state.LastSend is { } inFlight)
        {
            await inFlight;
        }

        var username = state.Username!;
        if (clientId is not null && await FindResendAsync(username, clientId) is { } original)
        {
            // An idempotent resend: nothing new is stored or broadcast.
            e.Ack(new ChatAck(true, NewMessageEvent.From(original), null), ChatJsonContext.Default.ChatAck);
            return;
        }

        if (!_limiter.TryMessage(socket.Id))
        {
            Reject(e, ChatError.RateLimited);
            return;
        }

        Task<ChatMessage> storing;
        try
        {
            storing = await _publisher.StartStoreAsync(new NewChatMessage(roomId, socket.Id, username, text, _time.GetUtcNow(), MessageKind.User, clientId));
        }
        catch (MessageStoreException ex)
        {
            Log.StoreFailed(_logger, socket.Id, ex);
            Reject(e, ChatError.StorageUnavailable);
            return;
        }

        // The message has its place in the store's order: the connection's next event may run now, while
        // this one is stored (the same batch can carry several of its messages), broadcast and acknowledged.
        Interlocked.Increment(ref state.SendsInFlight);
        state.LastSend = CompleteSendAsync(e, storing, state.LastSend, state, username, clientId);
    }

    /// <summary>
    /// Finishes a send once stored: after the connection's previous send (so its messages are broadcast in the
    /// order they were sent, and stored in that order by the store), broadcast, then the sender's ack. Never throws:
    /// the next send awaits it.
    /// </summary>
    private async Task CompleteSendAsync(SocketIOEvent e, Task<ChatMessage> storing, Task? previous, ChatConnectionState state, string username, string? clientId)
    {
        // This box lives for every message until it is stored: it keeps only what both outcomes need (the
        // outcomes are methods of their own, and the usual one completes without a box).
        try
        {
            // A failed store is answered after the previous send too: wait for both without throwing here.
            await ((Task)storing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (previous is not null)
            {
                await previous.ConfigureAwait(false);
            }

            var finishing = storing.Exception?.InnerException is MessageStoreException failure
                ? AnswerStoreFailureAsync(e, failure, username, clientId)
                : PostStoredAsync(e, storing.GetAwaiter().GetResult());
            if (!finishing.IsCompletedSuccessfully)
            {
                await finishing.ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            Log.SendFailed(_logger, e.Socket.Id, ex);
        }
        finally
        {
            Interlocked.Decrement(ref state.SendsInFlight);
        }
    }

    /// <summary>Broadcasts a stored message, then acks the sender with the bytes new_message carried (not encoded a second time).</summary>
    private ValueTask PostStoredAsync(SocketIOEvent e, ChatMessage stored)
    {
        var broadcasting = _publisher.BroadcastAsync(stored);
        if (!broadcasting.IsCompletedSuccessfully)
        {
            return AwaitBroadcastAsync(e, stored, broadcasting);
        }

        AckStored(e, stored, broadcasting.Result);
        return ValueTask.CompletedTask;
    }

    private async ValueTask AwaitBroadcastAsync(SocketIOEvent e, ChatMessage stored, ValueTask<RawJson> broadcasting) =>
        AckStored(e, stored, await broadcasting.ConfigureAwait(false));

    private void AckStored(SocketIOEvent e, ChatMessage stored, RawJson json)
    {
        Log.MessagePosted(_logger, stored.Id, stored.RoomId, e.Socket.Id, stored.Text.Length);
        e.Ack(new MessageStoredAck(json), ChatJsonContext.Default.MessageStoredAck);
    }

    /// <summary>The store refused the message: a resend whose original got stored meanwhile gets that one, anything else an error.</summary>
    private async ValueTask AnswerStoreFailureAsync(SocketIOEvent e, MessageStoreException failure, string username, string? clientId)
    {
        if (clientId is not null && await FindResendAsync(username, clientId).ConfigureAwait(false) is { } raced)
        {
            e.Ack(new ChatAck(true, NewMessageEvent.From(raced), null), ChatJsonContext.Default.ChatAck);
            return;
        }

        Log.StoreFailed(_logger, e.Socket.Id, failure);
        Reject(e, ChatError.StorageUnavailable);
    }

    private async ValueTask TypingAsync(SocketIOEvent e, ChatConnectionState state)
    {
        if (!TryRead(e, ChatJsonContext.Default.TypingRequest, allowMissing: true, out var request, out var error))
        {
            Reject(e, error);
            return;
        }

        if (state.RoomId is not { } roomId || (request?.RoomId is { } asked && asked != roomId))
        {
            Reject(e, ChatError.NotInRoom);
            return;
        }

        if (!_limiter.TryTyping(e.Socket.Id))
        {
            Reject(e, ChatError.RateLimited);
            return;
        }

        await _publisher.PublishTypingAsync(roomId, e.Socket.Id, state.Username!, request?.IsTyping ?? true, exceptSocketId: e.Socket.Id);
        e.Ack(new ChatAck(true, null, null), ChatJsonContext.Default.ChatAck);
    }

    private async ValueTask LeaveCurrentRoomAsync(SocketContext socket, ChatConnectionState state, bool disconnecting = false)
    {
        if (state.RoomId is not { } roomId)
        {
            return;
        }

        state.RoomId = null;
        if (!disconnecting)
        {
            // A disconnect keeps the room in the recovery data: the session may come back to it.
            SaveRecoveryData(socket, state, 0);
        }

        socket.Leave(roomId);
        _presence.Leave(socket.Id);
        Log.Left(_logger, socket.Id, roomId);
        await socket.Namespace.To(roomId).Except(socket.Id).EmitAsync(
            ChatEvents.UserLeft,
            new UserLeftEvent(socket.Id, state.Username ?? DefaultUsername, roomId, ChatTime.Format(_time.GetUtcNow()), _presence.CountInRoom(roomId)),
            ChatJsonContext.Default.UserLeftEvent);
    }

    private async Task<IReadOnlyList<NewMessageEvent>> RecentHistoryAsync(string roomId)
    {
        try
        {
            var messages = await _store.GetRecentAsync(roomId, _options.HistoryLimit, beforeId: null, CancellationToken.None);
            return [.. messages.Select(NewMessageEvent.From)];
        }
        catch (MessageStoreException ex)
        {
            Log.StoreFailed(_logger, roomId, ex);
            return [];
        }
    }

    private async Task<ChatMessage?> FindResendAsync(string username, string clientId)
    {
        try
        {
            return await _store.FindByClientIdAsync(username, clientId, CancellationToken.None);
        }
        catch (MessageStoreException)
        {
            return null;
        }
    }

    private bool TryValidateUsername(string raw, out string username, out ChatError error)
    {
        username = TextSanitizer.Username(raw);
        error = null!;
        if (username.Length == 0)
        {
            error = ChatError.InvalidUsername("Informe um nome.");
        }
        else if (CountCharacters(username) > _options.MaxUsernameLength)
        {
            error = ChatError.InvalidUsername($"O nome pode ter até {_options.MaxUsernameLength} caracteres.");
        }
        else if (_reserved.Contains(Fold(username)))
        {
            error = ChatError.InvalidUsername("Este nome é reservado.");
        }

        return error is null;
    }

    /// <summary>Reads argument 0 as an object of <typeparamref name="T"/>; a missing argument is allowed when asked.</summary>
    private static bool TryRead<T>(SocketIOEvent e, JsonTypeInfo<T> typeInfo, bool allowMissing, out T? value, out ChatError error)
        where T : class
    {
        value = null;
        if (!TryGetObject(e, allowMissing, out var json, out error) || json.IsEmpty)
        {
            return error is null;
        }

        try
        {
            value = JsonSerializer.Deserialize(json.Span, typeInfo);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            error = WrongType;
            return false;
        }
    }

    /// <summary>Reads argument 0 as <c>send_message</c>'s object, as <see cref="TryRead"/> would (see <see cref="SendMessageRequestReader"/>).</summary>
    private static bool TryReadSend(SocketIOEvent e, string? currentRoom, out SendMessageRequest? value, out ChatError error)
    {
        value = null;
        if (!TryGetObject(e, allowMissing: false, out var json, out error))
        {
            return false;
        }

        try
        {
            value = SendMessageRequestReader.Read(json.Span, currentRoom);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            error = WrongType;
            return false;
        }
    }

    /// <summary>Argument 0 when it is an object; empty when it is missing or null and that is allowed.</summary>
    private static bool TryGetObject(SocketIOEvent e, bool allowMissing, out ReadOnlyMemory<byte> json, out ChatError error)
    {
        json = default;
        error = null!;
        var kind = e.Arguments.GetKind(0);
        if (kind is JsonValueKind.Undefined or JsonValueKind.Null && allowMissing)
        {
            return true;
        }

        if (kind != JsonValueKind.Object)
        {
            error = ChatError.InvalidPayload("envie um objeto JSON.");
            return false;
        }

        json = e.Arguments.GetRawJson(0);
        return true;
    }

    private void Reject(SocketIOEvent e, ChatError error)
    {
        Log.Rejected(_logger, e.Socket.Id, e.Name, error.Code);
        ChatRejection.Send(e, error);
    }

    /// <summary>Characters as people count them (code points, so an emoji is one).</summary>
    private static int CountCharacters(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>Case- and accent-insensitive form, for reserved-name checks.</summary>
    private static string Fold(string name)
    {
        var decomposed = name.Trim().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && !char.IsWhiteSpace(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
