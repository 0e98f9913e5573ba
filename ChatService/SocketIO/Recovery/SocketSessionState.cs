namespace ChatService.SocketIO.Recovery;

/// <summary>What is kept of a disconnected socket so that it can be recovered.</summary>
/// <param name="Pid">The private session id the client presents.</param>
/// <param name="SocketId">The socket id it gets back.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="Rooms">Its rooms (its own room excluded).</param>
/// <param name="Data">Application data (JSON) set through <see cref="SocketContext.RecoveryData"/>.</param>
/// <param name="DisconnectedAt">When it disconnected.</param>
public sealed record SocketSessionState(string Pid, string SocketId, string Namespace, IReadOnlyList<string> Rooms, ReadOnlyMemory<byte> Data, DateTimeOffset DisconnectedAt);
