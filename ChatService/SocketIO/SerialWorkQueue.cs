namespace ChatService.SocketIO;

/// <summary>
/// Runs one socket's handlers one at a time, in arrival order, without blocking the connection's read loop:
/// work runs inline while it completes synchronously; when a handler awaits, later work is queued and the
/// read loop carries on (so an ack the handler is waiting for can still be read). No lock is held while
/// work runs.
/// </summary>
internal sealed class SerialWorkQueue
{
    private readonly Queue<WorkItem> _pending = new();
    private readonly Lock _gate = new();
    private readonly int _limit;
    private readonly Action<Exception> _onError;
    private bool _running;

    public SerialWorkQueue(int limit, Action<Exception> onError)
    {
        _limit = limit;
        _onError = onError;
    }

    /// <summary>Queues or runs <paramref name="work"/>; false when the queue is full (never when <paramref name="force"/>).</summary>
    public bool Enqueue(Func<ValueTask> work, bool force = false) => Enqueue(new WorkItem(work, null, null), force);

    /// <summary>
    /// Queues or runs <paramref name="handler"/> for <paramref name="e"/>; false when the queue is full. The pair is
    /// queued as it is: a closure and a delegate per event cost more than the event itself.
    /// </summary>
    public bool Enqueue(Func<SocketIOEvent, ValueTask> handler, SocketIOEvent e) => Enqueue(new WorkItem(null, handler, e), force: false);

    private bool Enqueue(WorkItem work, bool force)
    {
        lock (_gate)
        {
            if (_running)
            {
                if (_pending.Count >= _limit && !force)
                {
                    return false;
                }

                _pending.Enqueue(work);
                return true;
            }

            _running = true;
        }

        Run(work);
        return true;
    }

    private void Run(WorkItem work)
    {
        while (true)
        {
            ValueTask task;
            try
            {
                task = work.Start();
            }
            catch (Exception ex)
            {
                _onError(ex);
                task = ValueTask.CompletedTask;
            }

            if (!task.IsCompleted)
            {
                _ = ContinueAsync(task);
                return;
            }

            Observe(task);
            if (!TryTakeNext(out work))
            {
                return;
            }
        }
    }

    private async Task ContinueAsync(ValueTask task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _onError(ex);
        }

        if (TryTakeNext(out var next))
        {
            Run(next);
        }
    }

    private void Observe(ValueTask task)
    {
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            _onError(ex);
        }
    }

    private bool TryTakeNext(out WorkItem next)
    {
        lock (_gate)
        {
            if (_pending.TryDequeue(out next))
            {
                return true;
            }

            _running = false;
            return false;
        }
    }

    /// <summary>Either work of its own, or an event and its handler.</summary>
    private readonly record struct WorkItem(Func<ValueTask>? Work, Func<SocketIOEvent, ValueTask>? Handler, SocketIOEvent? Event)
    {
        public ValueTask Start() => Work is not null ? Work() : Handler!(Event!);
    }
}
