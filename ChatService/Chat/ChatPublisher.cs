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
        var stored = await _store.AppendAsync(message, cancellationToken).ConfigureAwait(false);
        await BroadcastAsync(stored).ConfigureAwait(false);
        return stored;
    }

    /// <summary>
    /// Starts storing a message (see <see cref="IMessageStore.StartAppendAsync"/>): the caller awaits the
    /// inner task, then calls <see cref="BroadcastAsync"/> with the stored message.
    /// </summary>
    public ValueTask<Task<ChatMessage>> StartStoreAsync(NewChatMessage message, CancellationToken cancellationToken = default) =>
        _store.StartAppendAsync(message, cancellationToken);

    /// <summary>Broadcasts a stored message to its room, then hands it to the observers.</summary>
    public async Task BroadcastAsync(ChatMessage stored)
    {
        ChatMetrics.MessageStored(stored.Kind);
        // The message id is the recovery offset: a client that reconnects presents the last one it saw.
        await _io.Of("/").To(stored.RoomId)
            .EmitWithOffsetAsync(ChatEvents.NewMessage, NewMessageEvent.From(stored), ChatJsonContext.Default.NewMessageEvent, Offset(stored.Id))
            .ConfigureAwait(false);
        foreach (var observer in _observers.Value)
        {
            await observer.OnMessagePostedAsync(stored).ConfigureAwait(false);
        }
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
}
