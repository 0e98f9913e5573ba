namespace ChatService.SocketIO.Recovery;

/// <summary>
/// Where disconnected sessions wait to be recovered: in memory by default; a durable store keeps them
/// across restarts and nodes.
/// </summary>
public interface ISocketSessionStore
{
    /// <summary>Keeps a disconnected session.</summary>
    ValueTask SaveAsync(SocketSessionState state, CancellationToken cancellationToken);

    /// <summary>Removes and returns the session of <paramref name="pid"/> if it disconnected after <paramref name="notBefore"/>.</summary>
    ValueTask<SocketSessionState?> TakeAsync(string pid, DateTimeOffset notBefore, CancellationToken cancellationToken);
}
