using System.Collections.Immutable;
using ChatService.EngineIO;
using ChatService.SocketIO.Protocol;
using ChatService.SocketIO.Recovery;

namespace ChatService.SocketIO;

/// <summary>
/// The Socket.IO side of one Engine.IO session: the sockets it opened (one per namespace), a binary packet
/// waiting for its attachments, and the connect timeout. Calls come one at a time from the session's
/// transport, so the packet state needs no lock; the sockets (almost always one) are an immutable array
/// swapped atomically, because the close path may run at the same time.
/// </summary>
internal sealed partial class SocketIOConnection
{
    private readonly SocketIOServer _server;
    private ImmutableArray<SocketContext> _sockets = [];
    private ITimer? _connectTimer;
    private PendingBinaryPacket? _pendingBinary;

    // While a CONNECT's middlewares run: cancelled if the session closes meanwhile (see RunMiddlewaresAsync).
    private CancellationTokenSource? _connecting;

    public SocketIOConnection(SocketIOServer server, EngineIOSession session)
    {
        _server = server;
        Session = session;
        _connectTimer = server.Time.CreateTimer(static s => ((SocketIOConnection)s!).OnConnectTimeout(), this, server.Options.ConnectTimeout, Timeout.InfiniteTimeSpan);
    }

    public EngineIOSession Session { get; }

    public async ValueTask OnMessageAsync(ReadOnlyMemory<byte> data, bool isBinary)
    {
        if (isBinary)
        {
            if (_pendingBinary is not { } pending)
            {
                Violation(PacketReadError.BadAttachmentCount);
                return;
            }

            pending.Attachments.Add(data);
            if (pending.Attachments.Count < pending.Packet.AttachmentCount)
            {
                return;
            }

            var complete = pending.Packet;
            complete.Arguments = complete.Arguments.WithAttachments([.. pending.Attachments]);
            _pendingBinary = null;
            if (!complete.Arguments.PlaceholdersAreValid())
            {
                Violation(PacketReadError.BadAttachmentCount);
                return;
            }

            await DispatchAsync(complete).ConfigureAwait(false);
            return;
        }

        if (_pendingBinary is not null)
        {
            // The reference server refuses a text packet while attachments are still expected.
            Violation(PacketReadError.BadAttachmentCount);
            return;
        }

        var error = PacketReader.TryRead(data, _server.Options, out var packet, _server.EventNames);
        if (error != PacketReadError.None)
        {
            Violation(error);
            return;
        }

        if (packet.AttachmentCount > 0)
        {
            _pendingBinary = new PendingBinaryPacket(packet);
            return;
        }

        await DispatchAsync(packet).ConfigureAwait(false);
    }

    public void OnClosed(EngineIOCloseReason reason)
    {
        StopConnectTimer();
        Volatile.Read(ref _connecting)?.Cancel();
        var sockets = ImmutableInterlocked.InterlockedExchange(ref _sockets, []);
        var mapped = DisconnectReasons.FromEngineIO(reason);
        foreach (var socket in sockets)
        {
            socket.OnDisconnected(mapped);
        }
    }

    public void RemoveSocket(SocketContext socket) =>
        ImmutableInterlocked.Update(ref _sockets, static (sockets, removed) => sockets.Remove(removed), socket);

    private SocketContext? Find(string nsp)
    {
        foreach (var socket in _sockets)
        {
            if (socket.Namespace.Name == nsp)
            {
                return socket;
            }
        }

        return null;
    }

    private ValueTask DispatchAsync(SocketIOPacket packet)
    {
        switch (packet.Type)
        {
            case SocketIOPacketType.Connect:
                return ConnectAsync(packet);
            case SocketIOPacketType.Disconnect:
                if (Find(packet.Namespace) is { } leaving)
                {
                    RemoveSocket(leaving);
                    leaving.OnDisconnected(DisconnectReason.ClientNamespaceDisconnect);
                }

                break;
            case SocketIOPacketType.Event or SocketIOPacketType.BinaryEvent:
                SocketIOMetrics.EventsReceived.Add(1);
                if (Find(packet.Namespace) is not { } target)
                {
                    Violation(PacketReadError.BadNamespace);
                }
                else if (!target.Dispatch(packet.EventName!, packet.Arguments, packet.AckId))
                {
                    Log.TooManyPendingEvents(_server.Logger, Session.Id);
                    Session.Close(EngineIOCloseReason.SlowConsumer);
                }

                break;
            default:
                if (Find(packet.Namespace) is not { } acked)
                {
                    Violation(PacketReadError.BadNamespace);
                }
                else
                {
                    acked.CompleteAck(packet.AckId, packet.Arguments);
                }

                break;
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask ConnectAsync(SocketIOPacket packet)
    {
        if (Find(packet.Namespace) is not null || _sockets.Length >= _server.Options.MaxNamespacesPerConnection)
        {
            Violation(PacketReadError.BadNamespace);
            return;
        }

        var ns = _server.Resolve(packet.Namespace);
        if (ns is null)
        {
            Session.TrySend(PacketWriter.ConnectError(packet.Namespace, "Invalid namespace", ReadOnlyMemory<byte>.Empty));
            return;
        }

        var handshake = new SocketHandshake(Session.Handshake, packet.Payload, _server.Time.GetUtcNow());
        var restored = await TryRestoreAsync(ns, handshake, out var offset).ConfigureAwait(false);
        var socket = restored is null
            ? new SocketContext(ns, this, SessionIds.New(), handshake, _server.Options.ConnectionStateRecovery.Enabled ? SessionIds.New() : null)
            : new SocketContext(ns, this, restored.SocketId, handshake, restored.Pid, recovered: true) { RecoveryOffset = offset, RecoveryData = restored.Data };
        SocketIOConnectError? refusal;
        try
        {
            refusal = await RunMiddlewaresAsync(ns, socket).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.MiddlewareFailed(_server.Logger, ns.Name, ex);
            refusal = new SocketIOConnectError("Internal server error");
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (refusal is not null)
        {
            Log.ConnectRefused(_server.Logger, Session.Id, ns.Name);
            Session.TrySend(PacketWriter.ConnectError(ns.Name, refusal.Message, refusal.DataJson));
            return;
        }

        if (Session.IsClosed)
        {
            return;
        }

        ImmutableInterlocked.Update(ref _sockets, static (sockets, added) => sockets.Add(added), socket);
        StopConnectTimer();
        if (restored is not null)
        {
            // Broadcasts wait until the application has replayed what the socket missed.
            socket.BeginHold();
        }

        ns.Add(socket);
        foreach (var room in restored?.Rooms ?? [])
        {
            socket.Join(room);
        }

        Session.TrySend(PacketWriter.Connect(ns.Name, socket.Id, socket.Pid));
        Log.SocketConnected(_server.Logger, socket.Id, ns.Name, Session.Id);
        try
        {
            await ns.RunConnectionHandlersAsync(socket).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.ConnectionHandlerFailed(_server.Logger, socket.Id, ex);
        }
        finally
        {
            if (restored is not null)
            {
                socket.EndHold();
            }
        }
    }

    /// <summary>
    /// Runs the namespace's middlewares with a token of their own, cancelled if the session closes while they run.
    /// Not the session's <see cref="EngineIOSession.Closed"/>: that source would then exist, and be kept, for every
    /// connection (the main namespace always has a middleware).
    /// </summary>
    private async ValueTask<SocketIOConnectError?> RunMiddlewaresAsync(SocketIONamespace ns, SocketContext socket)
    {
        if (!ns.HasMiddlewares)
        {
            return null;
        }

        var closing = new CancellationTokenSource();

        // A full fence before reading IsClosed; OnClosed runs after the session set it: one of the two cancels.
        Interlocked.Exchange(ref _connecting, closing);
        if (Session.IsClosed)
        {
            closing.Cancel();
        }

        try
        {
            return await ns.RunMiddlewaresAsync(socket, closing.Token).ConfigureAwait(false);
        }
        finally
        {
            // Not disposed: OnClosed may still cancel it (a source without a timer holds nothing to release).
            Interlocked.CompareExchange(ref _connecting, null, closing);
        }
    }

    /// <summary>The session a reconnecting client asks to recover (<c>pid</c> and <c>offset</c> in its auth), if still kept.</summary>
    private ValueTask<SocketSessionState?> TryRestoreAsync(SocketIONamespace ns, SocketHandshake handshake, out string? offset)
    {
        offset = null;
        var recovery = _server.Options.ConnectionStateRecovery;
        if (!recovery.Enabled || handshake.GetAuthString("pid") is not { Length: > 0 } pid)
        {
            return ValueTask.FromResult<SocketSessionState?>(null);
        }

        offset = handshake.GetAuthString("offset");
        return RestoreAsync(ns, pid, _server.Time.GetUtcNow() - recovery.MaxDisconnectionDuration);
    }

    private async ValueTask<SocketSessionState?> RestoreAsync(SocketIONamespace ns, string pid, DateTimeOffset notBefore)
    {
        try
        {
            var state = await _server.SessionStore.TakeAsync(pid, notBefore, Session.Closed).ConfigureAwait(false);
            return state is not null && state.Namespace == ns.Name && !ns.TryGetSocket(state.SocketId, out _) ? state : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RestoreFailed(_server.Logger, Session.Id, ex);
            return null;
        }
    }

    /// <summary>The first socket (or the close) ends the connect timeout for good: the timer is freed, not just stopped.</summary>
    private void StopConnectTimer() => Interlocked.Exchange(ref _connectTimer, null)?.Dispose();

    private void OnConnectTimeout()
    {
        if (_sockets.IsEmpty)
        {
            Log.ConnectTimeout(_server.Logger, Session.Id);
            Session.Close(EngineIOCloseReason.ForcedClose);
        }
    }

    private void Violation(PacketReadError error)
    {
        Log.InvalidPacket(_server.Logger, Session.Id, error);
        Session.Close(EngineIOCloseReason.ParseError);
    }
}
