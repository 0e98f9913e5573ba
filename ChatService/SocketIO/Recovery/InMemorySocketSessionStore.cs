using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ChatService.SocketIO.Recovery;

/// <summary>Disconnected sessions in memory (one node, lost on restart). Expired entries are dropped as new ones arrive.</summary>
public sealed class InMemorySocketSessionStore : ISocketSessionStore
{
    private readonly ConcurrentDictionary<string, SocketSessionState> _sessions = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;

    /// <summary>Creates the store.</summary>
    public InMemorySocketSessionStore(IOptions<SocketIOOptions> options, TimeProvider time)
    {
        _time = time;
        _window = options.Value.ConnectionStateRecovery.MaxDisconnectionDuration;
    }

    /// <inheritdoc />
    public ValueTask SaveAsync(SocketSessionState state, CancellationToken cancellationToken)
    {
        _sessions[state.Pid] = state;
        var cutoff = _time.GetUtcNow() - _window;
        foreach (var (pid, session) in _sessions)
        {
            if (session.DisconnectedAt < cutoff)
            {
                _sessions.TryRemove(pid, out _);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<SocketSessionState?> TakeAsync(string pid, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_sessions.TryRemove(pid, out var state) && state.DisconnectedAt >= notBefore ? state : null);
}
