using ChatService.Chat.Contracts;
using ChatService.SocketIO;

namespace ChatService.Chat;

/// <summary>
/// The one way a message enters a room: stored first, then broadcast as <c>new_message</c> to the whole
/// room (encoded once), then handed to the observers. Used by the socket handlers and by the bot.
/// </summary>
public sealed class ChatPublisher
{
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
    /// it sent, for an answer that carries the message (the sender's ack). Completes synchronously when the adapter
    /// and the observers do (the in-memory adapter always does): no task per message then.
    /// </summary>
    public ValueTask<RawJson> BroadcastAsync(ChatMessage stored)
    {
        ChatMetrics.MessageStored(stored.Kind);
        // The message id is the recovery offset: a client that reconnects presents the last one it saw. The JSON
        // comes back as a slice of the packet sent: the message is encoded once, into the packet itself.
        var sending = _io.Of("/").To(stored.RoomId)
            .EmitWithOffsetAsync(ChatEvents.NewMessage, new StoredMessageEvent(stored), ChatJsonContext.Default.StoredMessageEvent, Offset(stored.Id));
        if (!sending.IsCompletedSuccessfully)
        {
            return FinishAsync(sending, stored, 0);
        }

        var json = new RawJson(sending.Result);
        var observers = _observers.Value;
        for (var i = 0; i < observers.Length; i++)
        {
            var observing = observers[i].OnMessagePostedAsync(stored);
            if (!observing.IsCompletedSuccessfully)
            {
                return FinishAsync(observing, json, stored, i + 1);
            }
        }

        return new(json);
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

    private async ValueTask<RawJson> FinishAsync(ValueTask<ReadOnlyMemory<byte>> sending, ChatMessage stored, int nextObserver) =>
        await FinishAsync(ValueTask.CompletedTask, new RawJson(await sending.ConfigureAwait(false)), stored, nextObserver).ConfigureAwait(false);

    /// <summary>The rest of <see cref="BroadcastAsync"/> once something did not complete at once: awaits it, then the remaining observers.</summary>
    private async ValueTask<RawJson> FinishAsync(ValueTask pending, RawJson json, ChatMessage stored, int nextObserver)
    {
        await pending.ConfigureAwait(false);
        var observers = _observers.Value;
        for (var i = nextObserver; i < observers.Length; i++)
        {
            await observers[i].OnMessagePostedAsync(stored).ConfigureAwait(false);
        }

        return json;
    }
}
