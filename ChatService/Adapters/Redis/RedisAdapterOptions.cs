using System.ComponentModel.DataAnnotations;

namespace ChatService.Adapters.Redis;

/// <summary>
/// Scale-out through Redis, bound from the <c>Redis</c> configuration section. It is on when
/// <see cref="Configuration"/> is set (for example <c>Redis__Configuration=127.0.0.1:6379</c>).
/// </summary>
public sealed class RedisAdapterOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string (<c>host:port[,password=…][,ssl=true]…</c>). Empty (the default)
    /// means one node: no Redis, in-memory rooms and presence.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// The prefix of every Redis key and channel the service uses, so that several deployments can share one Redis.
    /// The default is <c>integracao-chat</c>.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string ChannelPrefix { get; set; } = "integracao-chat";

    /// <summary>How often a node renews its heartbeat and refreshes the cluster's presence. The default is 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a node may miss heartbeats before the others forget it (its users leave presence). Must be longer than
    /// <see cref="HeartbeatInterval"/>; a dead node is forgotten within <c>NodeTimeout + HeartbeatInterval</c>.
    /// The default is 15 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>This node's id in the cluster. The default (empty) is a random id per process start.</summary>
    [RegularExpression("^[A-Za-z0-9_.-]{0,64}$")]
    public string? NodeId { get; set; }

    /// <summary>Whether Redis is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
