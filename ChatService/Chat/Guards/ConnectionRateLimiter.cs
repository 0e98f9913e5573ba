using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChatService.Chat.Guards;

/// <summary>
/// Per-connection token buckets for messages, typing and joins. Partitioned limiters share one
/// replenishment timer for every connection (no timer per connection) and drop idle partitions.
/// </summary>
public sealed class ConnectionRateLimiter : IDisposable
{
    private readonly bool _enabled;
    private readonly PartitionedRateLimiter<string> _messages;
    private readonly PartitionedRateLimiter<string> _typing;
    private readonly PartitionedRateLimiter<string> _joins;

    /// <summary>Creates the limiters from <see cref="ChatOptions.RateLimit"/>.</summary>
    public ConnectionRateLimiter(IOptions<ChatOptions> options)
    {
        var limits = options.Value.RateLimit;
        _enabled = limits.Enabled;
        var messagePeriod = TimeSpan.FromSeconds(1 / limits.MessagesPerSecond);
        _messages = Create(limits.MessageBurst, 1, messagePeriod);
        _typing = Create(limits.TypingPerSecond, limits.TypingPerSecond, TimeSpan.FromSeconds(1));
        _joins = Create(limits.JoinBurst, 1, TimeSpan.FromSeconds(1));
    }

    /// <summary>Takes a message token; false when the connection is over its limit.</summary>
    public bool TryMessage(string connectionId) => TryAcquire(_messages, connectionId);

    /// <summary>Takes a typing token.</summary>
    public bool TryTyping(string connectionId) => TryAcquire(_typing, connectionId);

    /// <summary>Takes a join token.</summary>
    public bool TryJoin(string connectionId) => TryAcquire(_joins, connectionId);

    /// <inheritdoc />
    public void Dispose()
    {
        _messages.Dispose();
        _typing.Dispose();
        _joins.Dispose();
    }

    private bool TryAcquire(PartitionedRateLimiter<string> limiter, string connectionId)
    {
        if (!_enabled)
        {
            return true;
        }

        using var lease = limiter.AttemptAcquire(connectionId);
        return lease.IsAcquired;
    }

    private static PartitionedRateLimiter<string> Create(int burst, int tokensPerPeriod, TimeSpan period) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
