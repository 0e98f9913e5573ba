using System.ComponentModel.DataAnnotations;

namespace ChatService.SocketIO.Recovery;

/// <summary>
/// Connection state recovery (Socket.IO 4.6+): a client that reconnects with its private session id
/// (<c>pid</c>) and last offset within <see cref="MaxDisconnectionDuration"/> gets its socket id, rooms and
/// application data back, and the application replays what it missed.
/// </summary>
public sealed class ConnectionStateRecoveryOptions
{
    /// <summary>Whether recovery is on (CONNECT answers then carry a <c>pid</c>). The default is false.</summary>
    public bool Enabled { get; set; }

    /// <summary>How long a disconnected session can be recovered. The default is 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxDisconnectionDuration { get; set; } = TimeSpan.FromMinutes(2);
}
