namespace ChatService.EngineIO;

/// <summary>
/// A session's outbound packets: many producers (any thread), one consumer at a time — the pending poll, or
/// the WebSocket sender. A small ring buffer under a lock, rented from the array pool on the first packet and
/// returned as soon as a burst has drained, so an idle session holds no buffer.
/// </summary>
/// <remarks>
/// The consumer is woken in one of two ways. A poll awaits <see cref="WaitToReadAsync"/>. The WebSocket
/// sender instead <see cref="Attach">attaches</see> an <see cref="IOutboundConsumer"/> and
/// <see cref="TryArm">arms</see> it whenever it finds the queue empty: the next packet calls
/// <see cref="IOutboundConsumer.OnReady"/> once, which schedules one flush for everything queued by then —
/// instead of one thread-pool wake-up per packet, as a channel reader would cost.
/// </remarks>
internal sealed class OutboundQueue
{
    private const int InitialCapacity = 8;

    private readonly Lock _lock;
    private OutboundMessage[]? _items;
    private int _head;
    private int _count;
    private bool _completed;
    private bool _armed;
    private bool _nudged;
    private IOutboundConsumer? _consumer;
    private TaskCompletionSource<bool>? _waiter;

    /// <summary>
    /// Creates a queue guarded by <paramref name="gate"/> when given: the session shares its own lock with its queue
    /// (both are held only briefly), one lock object fewer per connection.
    /// </summary>
    public OutboundQueue(Lock? gate = null) => _lock = gate ?? new Lock();

    /// <summary>Whether <see cref="Complete"/> was called (packets queued before it may still be waiting).</summary>
    public bool IsCompleted
    {
        get
        {
            lock (_lock)
            {
                return _completed;
            }
        }
    }

    /// <summary>
    /// Queues a packet unless the queue is completed, or holds <paramref name="limit"/> packets already.
    /// </summary>
    public EnqueueResult TryEnqueue(in OutboundMessage message, int limit = int.MaxValue)
    {
        IOutboundConsumer? wake;
        TaskCompletionSource<bool>? waiter;
        lock (_lock)
        {
            if (_completed)
            {
                return EnqueueResult.Completed;
            }

            if (_count >= limit)
            {
                return EnqueueResult.Full;
            }

            Push(message);
            (wake, waiter) = TakeWakeUp();
        }

        wake?.OnReady();
        waiter?.TrySetResult(true);
        return EnqueueResult.Queued;
    }

    /// <summary>No more packets will be queued; the consumer still gets those already queued.</summary>
    public void Complete()
    {
        IOutboundConsumer? wake;
        IOutboundConsumer? consumer;
        TaskCompletionSource<bool>? waiter;
        lock (_lock)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            consumer = _consumer;
            (wake, waiter) = TakeWakeUp();
        }

        consumer?.OnCompleted();
        wake?.OnReady();
        waiter?.TrySetResult(false);
    }

    /// <summary>
    /// Wakes the consumer although no packet came (it has something of its own to write): at once when it is
    /// armed; otherwise it will not arm itself before running once more.
    /// </summary>
    public void Nudge()
    {
        IOutboundConsumer? wake = null;
        lock (_lock)
        {
            if (_armed)
            {
                _armed = false;
                wake = _consumer;
            }
            else
            {
                _nudged = true;
            }
        }

        wake?.OnReady();
    }

    /// <summary>Moves up to <c>batch.Length</c> packets into <paramref name="batch"/>; returns how many.</summary>
    public int TakeBatch(Span<OutboundMessage> batch)
    {
        lock (_lock)
        {
            var n = Math.Min(batch.Length, _count);
            for (var i = 0; i < n; i++)
            {
                batch[i] = Pop();
            }

            return n;
        }
    }

    /// <summary>The next packet, without taking it.</summary>
    public bool TryPeek(out OutboundMessage message)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                message = default;
                return false;
            }

            message = _items![_head];
            return true;
        }
    }

    /// <summary>Takes the next packet.</summary>
    public bool TryRead(out OutboundMessage message)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                message = default;
                return false;
            }

            message = Pop();
            return true;
        }
    }

    /// <summary>
    /// Waits until a packet is queued (true) or the queue is completed and empty (false). For the poll: one
    /// waiter at a time.
    /// </summary>
    public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<bool> waiter;
        lock (_lock)
        {
            if (_count > 0)
            {
                return true;
            }

            if (_completed)
            {
                return false;
            }

            waiter = _waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        try
        {
            using (cancellationToken.UnsafeRegister(static (s, token) => ((TaskCompletionSource<bool>)s!).TrySetCanceled(token), waiter))
            {
                return await waiter.Task.ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_lock)
            {
                if (ReferenceEquals(_waiter, waiter))
                {
                    _waiter = null;
                }
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="consumer"/> the reader: it is told at once when packets are waiting (or the queue
    /// is completed); otherwise it is armed.
    /// </summary>
    public void Attach(IOutboundConsumer consumer)
    {
        bool ready;
        bool completed;
        lock (_lock)
        {
            _consumer = consumer;
            completed = _completed;
            ready = _count > 0 || completed || _nudged;
            _nudged = false;
            _armed = !ready;
        }

        if (completed)
        {
            consumer.OnCompleted();
        }

        if (ready)
        {
            consumer.OnReady();
        }
    }

    /// <summary>
    /// Called by the attached consumer when it has written everything it took: arms it for the next packet
    /// and returns true, or returns false when packets (or the completion) arrived meanwhile — then the
    /// consumer carries on.
    /// </summary>
    public bool TryArm()
    {
        lock (_lock)
        {
            if (_count > 0 || _completed || _nudged)
            {
                _nudged = false;
                return false;
            }

            _armed = true;
            return true;
        }
    }

    private (IOutboundConsumer? Consumer, TaskCompletionSource<bool>? Waiter) TakeWakeUp()
    {
        IOutboundConsumer? consumer = null;
        if (_armed)
        {
            _armed = false;
            consumer = _consumer;
        }

        var waiter = _waiter;
        _waiter = null;
        return (consumer, waiter);
    }

    private void Push(in OutboundMessage message)
    {
        var items = _items;
        if (items is null)
        {
            items = _items = OutboundBufferPool.Shared.Rent(InitialCapacity);
        }
        else if (_count == items.Length)
        {
            var bigger = OutboundBufferPool.Shared.Rent(items.Length * 2);
            var firstPart = Math.Min(_count, items.Length - _head);
            Array.Copy(items, _head, bigger, 0, firstPart);
            Array.Copy(items, 0, bigger, firstPart, _count - firstPart);
            OutboundBufferPool.Shared.Return(items, clearArray: true);
            items = _items = bigger;
            _head = 0;
        }

        items[(_head + _count) % items.Length] = message;
        _count++;
    }

    private OutboundMessage Pop()
    {
        var items = _items!;
        var message = items[_head];
        items[_head] = default;
        _head = (_head + 1) % items.Length;
        if (--_count == 0)
        {
            // Every slot is cleared already (above), so the array goes back as it is.
            _head = 0;
            _items = null;
            OutboundBufferPool.Shared.Return(items);
        }

        return message;
    }
}
