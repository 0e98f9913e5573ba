using System.Collections.Concurrent;

namespace ChatService.SocketIO.Acks;

/// <summary>Acks the server is waiting for from one socket: a counter for ids and one pending completion each.</summary>
internal sealed class AckRegistry
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<SocketIOArguments>> _pending = new();
    private long _nextId = -1;

    public int PendingCount => _pending.Count;

    public long Register(out TaskCompletionSource<SocketIOArguments> completion)
    {
        var id = Interlocked.Increment(ref _nextId);
        completion = new TaskCompletionSource<SocketIOArguments>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        return id;
    }

    /// <summary>Completes the ack with that id; false for an unknown (or already timed out) id.</summary>
    public bool Complete(long id, SocketIOArguments arguments) =>
        _pending.TryRemove(id, out var completion) && completion.TrySetResult(arguments);

    public void Forget(long id) => _pending.TryRemove(id, out _);

    /// <summary>Fails every pending ack (the socket disconnected).</summary>
    public void FailAll(Exception exception)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var completion))
            {
                completion.TrySetException(exception);
            }
        }
    }
}
