using System.ComponentModel.DataAnnotations;
using ChatService.SocketIO.Recovery;

namespace ChatService.SocketIO;

/// <summary>Settings of the Socket.IO server. Bound from the <c>SocketIO</c> configuration section.</summary>
public sealed class SocketIOOptions
{
    /// <summary>
    /// How long a client may stay connected at the Engine.IO level without joining any namespace before it is
    /// disconnected. The default is 45 seconds (like the Node reference server).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How long <c>EmitWithAckAsync</c> waits for the client's answer when no timeout is given. The default is 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most binary attachments one packet may announce. The default is 10.</summary>
    [Range(0, 1000)]
    public int MaxAttachments { get; set; } = 10;

    /// <summary>The longest namespace name a client may send, in bytes. The default is 256.</summary>
    [Range(1, 4096)]
    public int MaxNamespaceLength { get; set; } = 256;

    /// <summary>How many namespaces one connection may join. The default is 32.</summary>
    [Range(1, 10_000)]
    public int MaxNamespacesPerConnection { get; set; } = 32;

    /// <summary>
    /// How many rooms one socket may be in besides its own room; <see cref="SocketContext.Join"/> refuses more
    /// (<see cref="SocketContext.TryJoin"/> returns false). The default is 64.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxRoomsPerSocket { get; set; } = 64;

    /// <summary>How deeply JSON payloads may nest. The default is 32.</summary>
    [Range(1, 256)]
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>
    /// How many received events may wait for this socket's handlers (they run one at a time, in order).
    /// A client that outpaces its handlers beyond this is disconnected. The default is 1,024.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxPendingEvents { get; set; } = 1024;

    /// <summary>Connection state recovery; off by default.</summary>
    public ConnectionStateRecoveryOptions ConnectionStateRecovery { get; set; } = new();
}
