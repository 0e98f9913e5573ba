using ChatService.Chat;

namespace ChatService.Tests.Api;

/// <summary>A store whose database is gone: every query fails the way a real store reports it.</summary>
internal sealed class UnavailableMessageStore : IMessageStore
{
    private static MessageStoreException Failure() =>
        new("Message store (/var/lib/chat/chat.db): reading history failed: a disk I/O error occurred.");

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<ChatMessage> AppendAsync(NewChatMessage message, CancellationToken cancellationToken) => throw Failure();

    public Task<IReadOnlyList<ChatMessage>> GetRecentAsync(string roomId, int limit, long? beforeId, CancellationToken cancellationToken) => throw Failure();

    public Task<IReadOnlyList<ChatMessage>> GetAfterAsync(string roomId, long afterId, int limit, CancellationToken cancellationToken) => throw Failure();

    public Task<ChatMessage?> FindByClientIdAsync(string username, string clientId, CancellationToken cancellationToken) => throw Failure();

    public Task<MessageStatistics> GetStatisticsAsync(DateTimeOffset since, CancellationToken cancellationToken) => throw Failure();
}
