using System.ComponentModel.DataAnnotations;

namespace ChatService.Chat;

/// <summary>Per-connection rate limits (token buckets from System.Threading.RateLimiting).</summary>
public sealed class RateLimitOptions
{
    /// <summary>Whether limits apply. The default is true; benchmarks turn it off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many messages a connection may send in a burst. The default is 10.</summary>
    [Range(1, 10_000)]
    public int MessageBurst { get; set; } = 10;

    /// <summary>Messages per second sustained. The default is 1.</summary>
    [Range(0.01, 10_000)]
    public double MessagesPerSecond { get; set; } = 1;

    /// <summary>Typing events per second (burst of the same size). The default is 2.</summary>
    [Range(1, 10_000)]
    public int TypingPerSecond { get; set; } = 2;

    /// <summary>Room joins in a burst (refilled one per second). The default is 5.</summary>
    [Range(1, 10_000)]
    public int JoinBurst { get; set; } = 5;
}
