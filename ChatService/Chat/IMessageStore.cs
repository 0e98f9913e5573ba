namespace ChatService.Chat;

/// <summary>
/// Where messages live (SQLite by default, PostgreSQL for several nodes). The chat depends on this port
/// only; the Storage layer implements it. Implementations are thread-safe.
/// </summary>
public interface IMessageStore
{
    /// <summary>Creates or migrates the schema. Called once at start-up.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Stores a message and returns it with its id. Throws <see cref="MessageStoreException"/> when the store cannot take it.</summary>
    Task<ChatMessage> AppendAsync(NewChatMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Starts storing a message. The outer task completes once the message has its place in the store's order
    /// (messages started one after another, each after the previous outer task completed, are stored in that
    /// order); the inner task completes when it is stored, as <see cref="AppendAsync"/>. A store with a single
    /// ordered writer returns at once, so that one client's messages can be stored in the same batch, and completes
    /// the inner tasks in id order with the caller's continuation running inline (so that what the caller does
    /// next — the broadcast — follows the store's order): a caller must not block in that continuation. The
    /// default waits for the append itself.
    /// </summary>
    async ValueTask<Task<ChatMessage>> StartAppendAsync(NewChatMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(await AppendAsync(message, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The last <paramref name="limit"/> messages of a room, oldest first; only those with an id below
    /// <paramref name="beforeId"/> when it is given (cursor paging backwards).
    /// </summary>
    Task<IReadOnlyList<ChatMessage>> GetRecentAsync(string roomId, int limit, long? beforeId, CancellationToken cancellationToken);

    /// <summary>The first <paramref name="limit"/> messages of a room with an id above <paramref name="afterId"/>, oldest first.</summary>
    Task<IReadOnlyList<ChatMessage>> GetAfterAsync(string roomId, long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>A message this user already sent with this client id (idempotent resends), or null.</summary>
    Task<ChatMessage?> FindByClientIdAsync(string username, string clientId, CancellationToken cancellationToken);

    /// <summary>Totals, per room, and per UTC hour since <paramref name="since"/>.</summary>
    Task<MessageStatistics> GetStatisticsAsync(DateTimeOffset since, CancellationToken cancellationToken);
}
