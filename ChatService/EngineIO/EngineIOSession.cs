using ChatService.EngineIO.Protocol;

namespace ChatService.EngineIO;

/// <summary>
/// One Engine.IO session: its id, the transport in use, the bounded outbound queue that every transport
/// drains, and the server heartbeat. The layer above sends with <see cref="TrySend"/> and ends the session
/// with <see cref="Close"/>.
/// </summary>
/// <remarks>
/// Threading: any thread may call <see cref="TrySend"/>; exactly one transport loop reads the queue (the
/// pending poll, or the WebSocket send loop). State changes (transport switch, heartbeat, close) happen
/// under <c>_gate</c>, which is never held across an await.
/// </remarks>
public sealed partial class EngineIOSession
{
    private readonly EngineIOServer _server;
    private readonly OutboundQueue _outbound;
    private readonly Lock _gate = new();

    // Made when someone asks for the Closed token (most sessions never do).
    private CancellationTokenSource? _closedCts;

    private int _transport;
    private int _closed;
    private int _pollActive;
    private int _postActive;
    private CancellationTokenSource? _pollCts;
    private ITimer? _drainTimer;
    private TaskCompletionSource? _pollEnded;
    private bool _upgrading;
    private bool _probed;

    // Heartbeat state (under _gate), in UTC ticks. Deadlines are computed from the scheduled ping time, not from
    // when the timer fired, so a late timer never grants extra time (the suites allow no slack).
    private long _pingDueAt;
    private long _pongDeadline;
    private bool _awaitingPong;

    /// <summary>The session's place in the server's <see cref="HeartbeatScheduler"/> (the scheduler's to change).</summary>
    internal HeartbeatLink HeartbeatLink;

    internal EngineIOSession(EngineIOServer server, string id, EngineIOTransportKind transport, EngineIOHandshake handshake)
    {
        _server = server;
        _outbound = new OutboundQueue(_gate);
        Id = id;
        Transport = transport;
        Handshake = handshake;
        _pingDueAt = server.Heartbeats.Now + server.Options.PingInterval.Ticks;
    }

    /// <summary>The session id (<c>sid</c>), 20 URL-safe characters from a cryptographic source.</summary>
    public string Id { get; }

    /// <summary>The transport the session uses now.</summary>
    /// <remarks>Written under <c>_gate</c>, read from request threads without it: hence the volatile field.</remarks>
    public EngineIOTransportKind Transport
    {
        get => (EngineIOTransportKind)Volatile.Read(ref _transport);
        private set => Volatile.Write(ref _transport, (int)value);
    }

    /// <summary>The first HTTP request of the session.</summary>
    public EngineIOHandshake Handshake { get; }

    /// <summary>State that the layer above attaches to the session (the Socket.IO client).</summary>
    public object? HandlerState { get; set; }

    /// <summary>Whether the session has ended.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Cancelled when the session ends.</summary>
    public CancellationToken Closed => (Volatile.Read(ref _closedCts) ?? CreateClosedSource()).Token;

    internal EngineIOOptions Options => _server.Options;

    internal TimeProvider Time => _server.Time;

    /// <summary>The admission slot the session holds; released when the session is forgotten.</summary>
    internal Limits.ConnectionSlot? Slot { get; set; }

    internal ILogger Logger => _server.Logger;

    internal OutboundQueue Outbound => _outbound;

    /// <summary>
    /// Queues a message without waiting. Returns false when the session is closed, or when the queue
    /// overflowed: then the session is closed as a slow consumer, so a stuck client never holds others back.
    /// </summary>
    public bool TrySend(in OutboundMessage message)
    {
        var result = _outbound.TryEnqueue(message, _server.Options.MaxOutboundQueue);
        if (result == EnqueueResult.Full && !IsClosed)
        {
            EngineIOMetrics.OutboundQueueOverflows.Add(1);
            Log.OutboundQueueFull(_server.Logger, Id, _server.Options.MaxOutboundQueue);
            Close(EngineIOCloseReason.SlowConsumer);
        }

        return result == EnqueueResult.Queued;
    }

    /// <summary>Ends the session. The client gets a close packet where the transport allows it. Idempotent.</summary>
    public void Close(EngineIOCloseReason reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        lock (_gate)
        {
            // Under the lock: a heartbeat scheduled by a thread that saw the session open is cancelled here too.
            _server.Heartbeats.Cancel(this);
        }

        // A polling client that closed gets a noop (it releases its pending poll); a WebSocket client that
        // closed needs nothing; everyone else learns why with a close packet. Control packets bypass the
        // queue bound: they must go out.
        if (reason is EngineIOCloseReason.TransportClose)
        {
            if (Transport == EngineIOTransportKind.Polling)
            {
                EnqueueControl(PayloadWriter.Noop);
            }
        }
        else if (reason is not EngineIOCloseReason.TransportError)
        {
            EnqueueControl(PayloadWriter.Close);
        }

        // A polling client between two polls would never see the close packet if the session vanished
        // now: when the server closes, the session stays reachable for one last GET (bounded by a timer).
        IsDraining = Transport == EngineIOTransportKind.Polling
            && reason is EngineIOCloseReason.ForcedClose or EngineIOCloseReason.ServerShutdown
            && Volatile.Read(ref _pollActive) == 0;

        _outbound.Complete();
        Volatile.Read(ref _closedCts)?.Cancel();
        EngineIOMetrics.SessionsClosed.Add(1);
        Log.SessionClosed(_server.Logger, Id, reason);
        _server.OnSessionClosed(this, reason);
    }

    /// <summary>The source of <see cref="Closed"/>, made on first use; cancelled at once when the session has ended already.</summary>
    private CancellationTokenSource CreateClosedSource()
    {
        var created = new CancellationTokenSource();
        var source = Interlocked.CompareExchange(ref _closedCts, created, null) ?? created;

        // Close sets _closed before it reads _closedCts: one of the two sees the other and cancels.
        if (IsClosed)
        {
            source.Cancel();
        }

        return source;
    }

    /// <summary>Closed by the server while no poll was pending: the next GET still gets the final packets.</summary>
    internal bool IsDraining { get; private set; }

    /// <summary>Keeps a draining session reachable until the next GET or the timeout, whichever comes first.</summary>
    internal void StartDrain(TimeSpan timeout) =>
        _drainTimer = _server.Time.CreateTimer(static s => ((EngineIOSession)s!).FinishDrain(), this, timeout, Timeout.InfiniteTimeSpan);

    /// <summary>The final packets were fetched (or nobody came for them): the session is forgotten.</summary>
    internal void FinishDrain()
    {
        IsDraining = false;
        _drainTimer?.Dispose();
        _server.Forget(this);
    }

    internal void StartHeartbeat()
    {
        lock (_gate)
        {
            if (!IsClosed)
            {
                _server.Heartbeats.Schedule(this, HeartbeatWait.Ping, _pingDueAt);
            }
        }
    }

    /// <summary>Closes the session if the pong deadline has passed; true while it is alive.</summary>
    internal bool CheckAlive()
    {
        if (IsClosed)
        {
            return false;
        }

        bool expired;
        lock (_gate)
        {
            expired = _awaitingPong && _server.Heartbeats.Now >= _pongDeadline;
        }

        if (expired)
        {
            Close(EngineIOCloseReason.PingTimeout);
        }

        return !IsClosed;
    }

    /// <summary>
    /// The event the scheduler had for this session is due: the ping (then the pong deadline is scheduled), or the
    /// pong deadline. A stale event (<paramref name="generation"/> is not the latest scheduling) is ignored.
    /// </summary>
    internal void OnHeartbeatDue(int generation)
    {
        var sendPing = false;
        var timedOut = false;
        lock (_gate)
        {
            if (IsClosed || generation != HeartbeatLink.Generation)
            {
                return;
            }

            var heartbeats = _server.Heartbeats;
            if (!_awaitingPong)
            {
                _awaitingPong = true;
                _pongDeadline = _pingDueAt + _server.Options.PingTimeout.Ticks;
                sendPing = true;
                heartbeats.Schedule(this, HeartbeatWait.Pong, _pongDeadline);
            }
            else if (heartbeats.Now >= _pongDeadline)
            {
                timedOut = true;
            }
            else
            {
                heartbeats.Schedule(this, HeartbeatWait.Pong, _pongDeadline);
            }
        }

        if (timedOut)
        {
            Close(EngineIOCloseReason.PingTimeout);
        }
        else if (sendPing)
        {
            EnqueueControl(PayloadWriter.Ping);
        }
    }

    private void OnPong()
    {
        lock (_gate)
        {
            if (!_awaitingPong || IsClosed)
            {
                return;
            }

            _awaitingPong = false;
            _pingDueAt = _server.Heartbeats.Now + _server.Options.PingInterval.Ticks;
            _server.Heartbeats.Schedule(this, HeartbeatWait.Ping, _pingDueAt);
        }
    }

    /// <summary>Handles one packet from the client, on whichever transport it came.</summary>
    /// <returns>False when the session is (now) closed and the transport should stop reading.</returns>
    internal async ValueTask<bool> ReceiveAsync(InboundPacket packet)
    {
        EngineIOMetrics.PacketsReceived.Add(1);
        if (!CheckAlive())
        {
            return false;
        }

        switch (packet.Type)
        {
            case EngineIOPacketType.Message:
                try
                {
                    await _server.Handler.OnMessageAsync(this, packet.Data, packet.IsBinary).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    Log.HandlerFailed(_server.Logger, Id, ex);
                    Close(EngineIOCloseReason.ProtocolViolation);
                }

                break;
            case EngineIOPacketType.Pong:
                OnPong();
                break;
            case EngineIOPacketType.Noop:
                break;
            case EngineIOPacketType.Close:
                Close(EngineIOCloseReason.TransportClose);
                break;
            default:
                // Open, Upgrade outside an upgrade, and client pings are not valid from a v4 client.
                Log.UnexpectedPacket(_server.Logger, Id, packet.Type);
                Close(EngineIOCloseReason.ParseError);
                break;
        }

        return !IsClosed;
    }

    /// <summary>Queues a control packet: never refused for the bound (it must go out).</summary>
    internal void EnqueueControl(ReadOnlyMemory<byte> packet) => _outbound.TryEnqueue(OutboundMessage.Text(packet));

    // ---- polling ----

    /// <summary>
    /// Registers the GET that will read the queue. Refused when another GET is pending (the caller closes
    /// the session) or when the session has moved to WebSocket (the queue belongs to the WebSocket now).
    /// </summary>
    internal PollStart TryBeginPoll(CancellationToken requestAborted, out CancellationTokenSource pollCts)
    {
        pollCts = null!;
        if (Interlocked.CompareExchange(ref _pollActive, 1, 0) != 0)
        {
            return PollStart.Concurrent;
        }

        var cts = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        bool probed;
        lock (_gate)
        {
            if (Transport != EngineIOTransportKind.Polling)
            {
                probed = false;
                cts.Dispose();
                cts = null;
            }
            else
            {
                _pollCts = cts;
                _pollEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                probed = _probed;
            }
        }

        if (cts is null)
        {
            Volatile.Write(ref _pollActive, 0);
            return PollStart.Upgraded;
        }

        // During an upgrade (after the probe) a poll does not wait: with nothing queued it gets a noop at
        // once (OnProbe cancels a poll registered before the probe; this covers the ones after it).
        if (probed)
        {
            cts.Cancel();
        }

        pollCts = cts;
        return PollStart.Started;
    }

    internal void EndPoll(CancellationTokenSource pollCts)
    {
        TaskCompletionSource? ended = null;
        lock (_gate)
        {
            if (ReferenceEquals(_pollCts, pollCts))
            {
                _pollCts = null;
                ended = _pollEnded;
                _pollEnded = null;
            }
        }

        pollCts.Dispose();
        Volatile.Write(ref _pollActive, 0);
        ended?.TrySetResult();
    }

    internal bool TryBeginPost() => Interlocked.CompareExchange(ref _postActive, 1, 0) == 0;

    internal void EndPost() => Volatile.Write(ref _postActive, 0);

    // ---- upgrade ----

    internal bool TryBeginUpgrade()
    {
        lock (_gate)
        {
            if (_upgrading || Transport != EngineIOTransportKind.Polling || IsClosed)
            {
                return false;
            }

            _upgrading = true;
            return true;
        }
    }

    /// <summary>
    /// The probe succeeded: a pending poll is released with a noop (and so is every poll until the upgrade
    /// ends, when nothing else is queued) so that the client can pause polling and send <c>5</c>. The noop
    /// goes to the poll only, never into the queue, which the WebSocket takes over after the upgrade.
    /// </summary>
    internal void OnProbe()
    {
        CancellationTokenSource? poll;
        lock (_gate)
        {
            _probed = true;
            poll = _pollCts;
        }

        CancelPoll(poll);
    }

    internal void AbortUpgrade()
    {
        lock (_gate)
        {
            _upgrading = false;
            _probed = false;
        }
    }

    /// <summary>The client sent <c>5</c>: from now on the WebSocket carries the session.</summary>
    /// <returns>
    /// Completes when no poll reads the queue any more: the WebSocket send loop starts reading only then,
    /// so that the queue always has exactly one reader.
    /// </returns>
    internal Task CompleteUpgrade()
    {
        CancellationTokenSource? poll;
        Task pollEnded;
        lock (_gate)
        {
            Transport = EngineIOTransportKind.WebSocket;
            _upgrading = false;
            _probed = false;
            poll = _pollCts;
            pollEnded = _pollEnded?.Task ?? Task.CompletedTask;
        }

        // A poll still pending must return (with a noop) and stop reading the queue.
        CancelPoll(poll);
        Log.SessionUpgraded(_server.Logger, Id);
        return pollEnded;
    }

    private static void CancelPoll(CancellationTokenSource? poll)
    {
        try
        {
            poll?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The poll ended meanwhile.
        }
    }
}
