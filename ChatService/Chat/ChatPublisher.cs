using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChatService.Chat.Contracts;
using ChatService.SocketIO;

namespace ChatService.Chat;

/// <summary>
/// The one way a message enters a room: stored first, then broadcast as <c>new_message</c> to the whole
/// room (encoded once), then handed to the observers. Used by the socket handlers and by the bot.
/// </summary>
public sealed class ChatPublisher
{
    // As everything the server writes: compact, and no more escaping than JSON needs (the text stays readable UTF-8).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly SocketIOServer _io;
    private readonly IMessageStore _store;
    private readonly Lazy<IChatObserver[]> _observers;

    /// <summary>Creates the publisher. Observers are resolved on first use: they may depend on the publisher.</summary>
    public ChatPublisher(SocketIOServer io, IMessageStore store, IServiceProvider services)
    {
        _io = io;
        _store = store;
        _observers = new Lazy<IChatObserver[]>(() => [.. services.GetServices<IChatObserver>()]);
    }

    /// <summary>Stores and broadcasts a message. Throws <see cref="MessageStoreException"/> when it could not be stored (nothing is sent then).</summary>
    public async Task<ChatMessage> PublishAsync(NewChatMessage message, CancellationToken cancellationToken = default)
    {
        // Through the ordered start: the broadcast follows the store's order (IMessageStore.StartAppendAsync).
        var stored = await (await _store.StartAppendAsync(message, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        await BroadcastAsync(stored).ConfigureAwait(false);
        return stored;
    }

    /// <summary>
    /// Starts storing a message (see <see cref="IMessageStore.StartAppendAsync"/>): the caller awaits the
    /// inner task, then calls <see cref="BroadcastAsync"/> with the stored message.
    /// </summary>
    public ValueTask<Task<ChatMessage>> StartStoreAsync(NewChatMessage message, CancellationToken cancellationToken = default) =>
        _store.StartAppendAsync(message, cancellationToken);

    /// <summary>
    /// Broadcasts a stored message to its room, then hands it to the observers. Returns the <c>new_message</c> JSON
    /// it sent, for an answer that carries the message (the sender's ack).
    /// </summary>
    public async Task<RawJson> BroadcastAsync(ChatMessage stored)
    {
        ChatMetrics.MessageStored(stored.Kind);
        var json = Encode(stored);
        // The message id is the recovery offset: a client that reconnects presents the last one it saw.
        await _io.Of("/").To(stored.RoomId)
            .EmitWithOffsetAsync(ChatEvents.NewMessage, json, ChatJsonContext.Default.RawJson, Offset(stored.Id))
            .ConfigureAwait(false);
        foreach (var observer in _observers.Value)
        {
            await observer.OnMessagePostedAsync(stored).ConfigureAwait(false);
        }

        return json;
    }

    /// <summary>The recovery offset of a message.</summary>
    public static string Offset(long messageId) => messageId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Sends <c>user_typing</c> to a room, except to <paramref name="exceptSocketId"/> when given.</summary>
    public ValueTask PublishTypingAsync(string roomId, string userId, string username, bool isTyping, string? exceptSocketId = null)
    {
        var target = _io.Of("/").To(roomId);
        if (exceptSocketId is not null)
        {
            target = target.Except(exceptSocketId);
        }

        return target.EmitAsync(ChatEvents.UserTyping, new UserTypingEvent(userId, username, isTyping, roomId), ChatJsonContext.Default.UserTypingEvent);
    }

    /// <summary>The <c>new_message</c> JSON of a stored message, through one reused writer per thread.</summary>
    private static RawJson Encode(ChatMessage stored)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, NewMessageEvent.From(stored), ChatJsonContext.Default.NewMessageEvent);
        return new RawJson(buffer.WrittenSpan.ToArray());
    }
}
