namespace ChatService.EngineIO;

/// <summary>
/// The heartbeat of every session of one <see cref="EngineIOServer"/> on a single timer of the server's
/// <see cref="TimeProvider"/>, set to the earliest event due. A timer per session cost ~120 bytes per idle connection.
/// </summary>
/// <remarks>
/// Two lists ordered by due time, one of sessions waiting to be pinged and one of sessions waiting for their pong.
/// Every session of a server has the same interval and timeout, so a new event is almost always the latest of its
/// list: it is inserted from the tail (a short walk back when it is not), and taken from the head when due. A
/// session links itself in through its <see cref="HeartbeatLink"/> (no allocation), and cancelling unlinks it at
/// once, so a closed session is never kept. Due events are delivered after the lock is released
/// (<see cref="EngineIOSession.OnHeartbeatDue"/>), each with the generation it was scheduled with.
/// </remarks>
internal sealed class HeartbeatScheduler
{
    private readonly TimeProvider _time;
    private readonly ITimer _timer;

    // The lists and _armedAt. Never held while a session is called or the timer changed.
    private readonly Lock _lock = new();

    // Serialises timer changes, so that the last change made is the one for the earliest due time.
    private readonly Lock _armLock = new();

    private SessionList _pings;
    private SessionList _pongs;

    // When the timer fires next (UTC ticks); MaxValue when it is not set.
    private long _armedAt = long.MaxValue;
    private int _count;

    public HeartbeatScheduler(TimeProvider time)
    {
        _time = time;
        _timer = time.CreateTimer(static s => ((HeartbeatScheduler)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How many sessions have an event scheduled.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The current time as the scheduler counts it (UTC ticks).</summary>
    public long Now => _time.GetUtcNow().UtcTicks;

    /// <summary>
    /// Schedules the session's next event (replacing the one it had): <paramref name="wait"/> at <paramref name="due"/>
    /// (UTC ticks). The session calls this under its own lock.
    /// </summary>
    public void Schedule(EngineIOSession session, HeartbeatWait wait, long due)
    {
        lock (_lock)
        {
            Unlink(session);
            ref var link = ref session.HeartbeatLink;
            link.Due = due;
            link.Wait = wait;
            link.Generation++;
            (wait == HeartbeatWait.Ping ? ref _pings : ref _pongs).InsertByDue(session);
            _count++;
            if (due >= _armedAt)
            {
                return;
            }
        }

        Arm();
    }

    /// <summary>Forgets the session's event (it closed): nothing of it is kept.</summary>
    public void Cancel(EngineIOSession session)
    {
        lock (_lock)
        {
            Unlink(session);
            session.HeartbeatLink.Generation++;
        }
    }

    private void Unlink(EngineIOSession session)
    {
        ref var link = ref session.HeartbeatLink;
        if (link.Wait == HeartbeatWait.None)
        {
            return;
        }

        (link.Wait == HeartbeatWait.Ping ? ref _pings : ref _pongs).Remove(session);
        link.Wait = HeartbeatWait.None;
        _count--;
    }

    private void OnTimer()
    {
        List<(EngineIOSession Session, int Generation)>? due = null;
        lock (_lock)
        {
            // The timer has fired: it is set again below for whatever remains.
            _armedAt = long.MaxValue;
            var now = Now;
            TakeDue(ref _pings, now, ref due);
            TakeDue(ref _pongs, now, ref due);
        }

        if (due is not null)
        {
            foreach (var (session, generation) in due)
            {
                session.OnHeartbeatDue(generation);
            }
        }

        Arm();
    }

    private void TakeDue(ref SessionList list, long now, ref List<(EngineIOSession, int)>? due)
    {
        while (list.Head is { } session && session.HeartbeatLink.Due <= now)
        {
            list.Remove(session);
            session.HeartbeatLink.Wait = HeartbeatWait.None;
            _count--;
            (due ??= []).Add((session, session.HeartbeatLink.Generation));
        }
    }

    /// <summary>Sets the timer for the earliest event, unless it fires early enough already.</summary>
    private void Arm()
    {
        lock (_armLock)
        {
            long due;
            lock (_lock)
            {
                due = Math.Min(_pings.Head?.HeartbeatLink.Due ?? long.MaxValue, _pongs.Head?.HeartbeatLink.Due ?? long.MaxValue);
                if (due >= _armedAt)
                {
                    return;
                }

                _armedAt = due;
            }

            // At least a millisecond when not due yet: a timer that rounds down and fires early then waits for the
            // rest instead of spinning.
            var delay = due - Now;
            _timer.Change(delay <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Max(delay, TimeSpan.TicksPerMillisecond)), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Sessions linked through their <see cref="HeartbeatLink"/>, ordered by due time (ties in arrival order).</summary>
    private struct SessionList
    {
        public EngineIOSession? Head;
        private EngineIOSession? _tail;

        public void InsertByDue(EngineIOSession session)
        {
            ref var link = ref session.HeartbeatLink;
            var after = _tail;
            while (after is not null && after.HeartbeatLink.Due > link.Due)
            {
                after = after.HeartbeatLink.Previous;
            }

            link.Previous = after;
            if (after is null)
            {
                link.Next = Head;
                Head = session;
            }
            else
            {
                link.Next = after.HeartbeatLink.Next;
                after.HeartbeatLink.Next = session;
            }

            if (link.Next is null)
            {
                _tail = session;
            }
            else
            {
                link.Next.HeartbeatLink.Previous = session;
            }
        }

        public void Remove(EngineIOSession session)
        {
            ref var link = ref session.HeartbeatLink;
            if (link.Previous is null)
            {
                Head = link.Next;
            }
            else
            {
                link.Previous.HeartbeatLink.Next = link.Next;
            }

            if (link.Next is null)
            {
                _tail = link.Previous;
            }
            else
            {
                link.Next.HeartbeatLink.Previous = link.Previous;
            }

            link.Previous = null;
            link.Next = null;
        }
    }
}
