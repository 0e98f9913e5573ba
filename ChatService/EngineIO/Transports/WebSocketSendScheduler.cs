using System.Collections.Concurrent;

namespace ChatService.EngineIO.Transports;

/// <summary>
/// Runs the WebSocket senders that have packets waiting, one after another, on one thread-pool work item:
/// a broadcast to a thousand sessions costs one wake-up, not a thousand, and whatever else was already
/// queued (more broadcasts of the same burst) runs first, so each session's frames leave in one write.
/// </summary>
/// <remarks>
/// The work item goes to the global queue on purpose: a local (LIFO) work item would run before the
/// continuations that finish the burst, and every session would be written once per packet.
/// </remarks>
internal sealed class WebSocketSendScheduler : IThreadPoolWorkItem
{
    // Senders run per work item before the item yields to other work (it re-queues itself): the socket
    // transport's sends of what was written so far get their turn, and the first recipients of a large
    // broadcast receive it while the rest is still being written (fan-out at 20 msgs/s: p99 30 -> 27 ms).
    private const int SendersPerTurn = 64;

    private readonly ConcurrentQueue<WebSocketSender> _ready = new();
    private int _scheduled;

    /// <summary>Runs <paramref name="sender"/> soon. A sender is scheduled at most once at a time (its queue arms it).</summary>
    public void Schedule(WebSocketSender sender)
    {
        _ready.Enqueue(sender);
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <inheritdoc />
    public void Execute()
    {
        while (true)
        {
            for (var i = 0; i < SendersPerTurn && _ready.TryDequeue(out var sender); i++)
            {
                sender.Run();
            }

            if (!_ready.IsEmpty)
            {
                // Still busy: let other work in, keep the flag set, come back.
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                return;
            }

            Volatile.Write(ref _scheduled, 0);
            if (_ready.IsEmpty || Interlocked.Exchange(ref _scheduled, 1) != 0)
            {
                return;
            }
        }
    }
}
