using System.Collections.Concurrent;
using System.Globalization;
using ChatService.EngineIO.Limits;
using ChatService.EngineIO.Transports;

namespace ChatService.EngineIO;

/// <summary>
/// One Engine.IO v4 endpoint: the HTTP entry point (validation, CORS, transport choice) and the session
/// store, which is the only place sessions are added and removed.
/// </summary>
public sealed partial class EngineIOServer
{
    private readonly ConcurrentDictionary<string, EngineIOSession> _sessions = new(StringComparer.Ordinal);
    private readonly WebSocketSendScheduler[] _sendSchedulers =
        Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new WebSocketSendScheduler()).ToArray();
    private int _nextSendScheduler;

    /// <summary>Creates an endpoint that hands messages to <paramref name="handler"/>.</summary>
    public EngineIOServer(EngineIOOptions options, IEngineIOHandler handler, TimeProvider time, ILogger<EngineIOServer> logger)
    {
        Options = options;
        Handler = handler;
        Time = time;
        Logger = logger;
        Gate = new ConnectionGate(options.Limits, logger);
        Heartbeats = new HeartbeatScheduler(time);
    }

    /// <summary>The endpoint's settings.</summary>
    public EngineIOOptions Options { get; }

    /// <summary>How many sessions are open.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>Counts open sessions by transport.</summary>
    public (int Polling, int WebSocket) CountByTransport()
    {
        int polling = 0, webSocket = 0;
        foreach (var session in _sessions.Values)
        {
            if (session.Transport == EngineIOTransportKind.Polling)
            {
                polling++;
            }
            else
            {
                webSocket++;
            }
        }

        return (polling, webSocket);
    }

    internal IEngineIOHandler Handler { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    /// <summary>The heartbeat of every session: one timer for all.</summary>
    internal HeartbeatScheduler Heartbeats { get; }

    /// <summary>Admission limits: connections in total and per address, handshakes per address.</summary>
    internal ConnectionGate Gate { get; }

    /// <summary>The scheduler a new WebSocket sender runs on (round robin: one per processor).</summary>
    internal WebSocketSendScheduler NextSendScheduler() =>
        _sendSchedulers[(int)((uint)Interlocked.Increment(ref _nextSendScheduler) % (uint)_sendSchedulers.Length)];

    /// <summary>Looks up an open session.</summary>
    public bool TryGetSession(string sid, out EngineIOSession session) => _sessions.TryGetValue(sid, out session!);

    /// <summary>Closes every session (used when the host stops: each client gets a close).</summary>
    public void CloseAll(EngineIOCloseReason reason)
    {
        foreach (var session in _sessions.Values)
        {
            session.Close(reason);
        }
    }

    /// <summary>
    /// Closes every session and waits, at most <paramref name="timeout"/>, for polling clients to fetch their
    /// close packet, so that they see a clean close (and reconnect) rather than a refused request.
    /// </summary>
    public void CloseAllAndDrain(EngineIOCloseReason reason, TimeSpan timeout)
    {
        CloseAll(reason);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Environment.TickCount64 < deadline && _sessions.Values.Any(s => s.IsDraining))
        {
            Thread.Sleep(10);
        }
    }

    internal void Forget(EngineIOSession session)
    {
        if (_sessions.TryRemove(new KeyValuePair<string, EngineIOSession>(session.Id, session)))
        {
            session.Slot?.Dispose();
        }
    }

    /// <summary>Handles one HTTP request to the endpoint's path.</summary>
    public async Task HandleRequestAsync(HttpContext context)
    {
        var request = context.Request;
        if (!Cors.Apply(context, Options))
        {
            Log.OriginRefused(Logger, request.Headers.Origin.ToString());
            await EngineIOErrorResponses.WriteAsync(context, EngineIOError.Forbidden).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsOptions(request.Method))
        {
            Cors.WritePreflight(context);
            return;
        }

        var query = request.Query;
        if (query["EIO"] != "4")
        {
            await RefuseAsync(context, EngineIOError.UnsupportedProtocolVersion).ConfigureAwait(false);
            return;
        }

        var transport = query["transport"].ToString();
        var isWebSocket = transport == "websocket" && Options.AllowWebSocket;
        if (!isWebSocket && !(transport == "polling" && Options.AllowPolling))
        {
            await RefuseAsync(context, EngineIOError.UnknownTransport).ConfigureAwait(false);
            return;
        }

        if (isWebSocket && !context.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(context, EngineIOError.BadRequest).ConfigureAwait(false);
            return;
        }

        var sid = query["sid"].ToString();
        if (sid.Length == 0)
        {
            await HandshakeAsync(context, isWebSocket).ConfigureAwait(false);
            return;
        }

        if (!_sessions.TryGetValue(sid, out var session)
            || (session.IsClosed ? !(session.IsDraining && !isWebSocket && HttpMethods.IsGet(request.Method)) : !session.CheckAlive()))
        {
            await RefuseAsync(context, EngineIOError.UnknownSid).ConfigureAwait(false);
            return;
        }

        if (isWebSocket)
        {
            await WebSocketTransport.UpgradeAsync(context, this, session).ConfigureAwait(false);
        }
        else if (session.Transport != EngineIOTransportKind.Polling)
        {
            await RefuseAsync(context, EngineIOError.BadRequest).ConfigureAwait(false);
        }
        else if (HttpMethods.IsGet(request.Method))
        {
            await PollingTransport.PollAsync(context, session).ConfigureAwait(false);
        }
        else if (HttpMethods.IsPost(request.Method))
        {
            await PollingTransport.PostAsync(context, session).ConfigureAwait(false);
        }
        else
        {
            await RefuseAsync(context, EngineIOError.BadRequest).ConfigureAwait(false);
        }
    }

    private async Task HandshakeAsync(HttpContext context, bool isWebSocket)
    {
        // An HTTP/2 WebSocket opens with an extended CONNECT (RFC 8441) where HTTP/1.1 sends a GET.
        if (!HttpMethods.IsGet(context.Request.Method) && !(isWebSocket && HttpMethods.IsConnect(context.Request.Method)))
        {
            await RefuseAsync(context, EngineIOError.BadHandshakeMethod).ConfigureAwait(false);
            return;
        }

        if (Options.AllowRequest is { } allow && await allow(context).ConfigureAwait(false) is { } refusal)
        {
            Log.RequestRefused(Logger, refusal);
            await EngineIOErrorResponses.WriteAsync(context, EngineIOError.Forbidden, refusal).ConfigureAwait(false);
            return;
        }

        // Admission limits, before a session exists or a WebSocket is accepted.
        if (Gate.TryEnter(context.Connection.RemoteIpAddress, out var limited) is not { } slot)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(limited.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await EngineIOErrorResponses.WriteAsync(context, EngineIOError.Forbidden, limited.Message, limited.StatusCode).ConfigureAwait(false);
            return;
        }

        context.Items[ConnectionSlot.ItemKey] = slot;
        try
        {
            if (isWebSocket)
            {
                await WebSocketTransport.HandshakeAsync(context, this).ConfigureAwait(false);
            }
            else
            {
                await PollingTransport.HandshakeAsync(context, this).ConfigureAwait(false);
            }
        }
        finally
        {
            if (!slot.IsAttached)
            {
                slot.Dispose();
            }
        }
    }

    private Task RefuseAsync(HttpContext context, EngineIOError error)
    {
        Log.RequestRejected(Logger, error, context.Request.Method, context.Connection.RemoteIpAddress?.ToString());
        return EngineIOErrorResponses.WriteAsync(context, error);
    }

    /// <summary>Creates and registers a session; the caller sends the open packet, then calls <see cref="OpenAsync"/>.</summary>
    internal EngineIOSession CreateSession(HttpContext context, EngineIOTransportKind transport) =>
        CreateSession(
            EngineIOHandshake.From(context, Time.GetUtcNow()),
            transport,
            context.Items.TryGetValue(ConnectionSlot.ItemKey, out var item) ? item as ConnectionSlot : null);

    /// <summary>Creates and registers a session holding <paramref name="slot"/> (released when the session is forgotten).</summary>
    internal EngineIOSession CreateSession(EngineIOHandshake handshake, EngineIOTransportKind transport, ConnectionSlot? slot)
    {
        while (true)
        {
            var session = new EngineIOSession(this, SessionIds.New(), transport, handshake);
            if (_sessions.TryAdd(session.Id, session))
            {
                if (slot is not null)
                {
                    slot.IsAttached = true;
                    session.Slot = slot;
                }

                Log.SessionOpened(Logger, session.Id, transport);
                EngineIOMetrics.SessionOpened(transport);
                return session;
            }
        }
    }

    /// <summary>Starts the heartbeat and tells the handler. A handler failure closes the session.</summary>
    internal async ValueTask OpenAsync(EngineIOSession session)
    {
        session.StartHeartbeat();
        try
        {
            await Handler.OnOpenedAsync(session).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.OpenHandlerFailed(Logger, session.Id, ex);
            session.Close(EngineIOCloseReason.ForcedClose);
        }
    }

    internal void OnSessionClosed(EngineIOSession session, EngineIOCloseReason reason)
    {
        if (session.IsDraining)
        {
            // Removed by the GET that takes the final packets, or after the drain timeout.
            session.StartDrain(Options.PingTimeout);
        }
        else
        {
            Forget(session);
        }

        try
        {
            Handler.OnClosed(session, reason);
        }
        catch (Exception ex)
        {
            Log.CloseHandlerFailed(Logger, session.Id, ex);
        }
    }
}
