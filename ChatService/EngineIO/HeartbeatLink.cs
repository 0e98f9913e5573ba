namespace ChatService.EngineIO;

/// <summary>
/// A session's place in its server's <see cref="HeartbeatScheduler"/>: the links of an intrusive list, so that
/// scheduling, rescheduling and cancelling allocate nothing. Written by the scheduler under its lock only.
/// </summary>
internal struct HeartbeatLink
{
    /// <summary>The session before this one in its list (due earlier or at the same time).</summary>
    public EngineIOSession? Previous;

    /// <summary>The session after this one in its list.</summary>
    public EngineIOSession? Next;

    /// <summary>When the event is due (UTC ticks).</summary>
    public long Due;

    /// <summary>
    /// Counts the schedulings: an event taken from the list just before the session rescheduled is stale, and the
    /// session (which schedules only under its own lock) ignores it.
    /// </summary>
    public int Generation;

    /// <summary>The list the session is in.</summary>
    public HeartbeatWait Wait;
}
