using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json.Serialization.Metadata;
using ChatService.EngineIO;
using ChatService.SocketIO.Acks;
using ChatService.SocketIO.Broadcasting;
using ChatService.SocketIO.Protocol;
using ChatService.SocketIO.Recovery;

namespace ChatService.SocketIO;

/// <summary>
/// One client in one namespace (a "socket" in Socket.IO terms): its id, handshake, rooms, event handlers,
/// and the ways to send to it. Handlers of one socket run one at a time, in the order events arrived.
/// </summary>
/// <remarks>
/// A server holds many idle sockets, so a socket allocates its parts on first use: its own handlers, items,
/// pending acks, work queue and replay hold do not exist until something needs them.
/// </remarks>
public sealed partial class SocketContext
{
    private ConcurrentDictionary<string, Func<SocketIOEvent, ValueTask>>? _handlers;
    private ConcurrentDictionary<string, object?>? _items;
    private ImmutableArray<Func<SocketContext, DisconnectReason, ValueTask>> _disconnectHandlers = [];
    private AckRegistry? _acks;
    private SerialWorkQueue? _work;
    private ReplayHold? _hold;

    // After a replay: how far it went. A broadcast at or below it arriving late (stored before the replay read
    // the store, sent after the hold ended) was replayed already and is dropped.
    private string? _replayedUpTo;
    private int _disconnected;

    internal SocketContext(SocketIONamespace ns, SocketIOConnection connection, string id, SocketHandshake handshake, string? pid = null, bool recovered = false)
    {
        Namespace = ns;
        Connection = connection;
        Id = id;
        Handshake = handshake;
        Pid = pid;
        Recovered = recovered;
    }

    /// <summary>The private session id used for connection state recovery (null when recovery is off).</summary>
    public string? Pid { get; }

    /// <summary>Whether this socket is a recovered session: same id, rooms and <see cref="RecoveryData"/> as before.</summary>
    public bool Recovered { get; }

    /// <summary>The last offset the client saw, as it presented it when reconnecting (recovered sockets only).</summary>
    public string? RecoveryOffset { get; internal set; }

    /// <summary>
    /// Application state (JSON) kept with the session when the socket disconnects and given back when it is
    /// recovered. Set it whenever it changes.
    /// </summary>
    public ReadOnlyMemory<byte> RecoveryData { get; set; }

    /// <summary>The socket id: random, different from the Engine.IO session id, and the name of the socket's own room.</summary>
    public string Id { get; }

    /// <summary>The namespace the socket belongs to.</summary>
    public SocketIONamespace Namespace { get; }

    /// <summary>The HTTP handshake and the CONNECT <c>auth</c> payload.</summary>
    public SocketHandshake Handshake { get; }

    /// <summary>
    /// Per-socket state for the application (thread-safe), created on first use; read with
    /// <see cref="TryGetItem"/> to leave it uncreated when nothing was stored.
    /// </summary>
    public ConcurrentDictionary<string, object?> Items =>
        LazyInitializer.EnsureInitialized(ref _items, static () => new ConcurrentDictionary<string, object?>(StringComparer.Ordinal));

    /// <summary>
    /// The one state object of the component that owns this socket's application state (the chat keeps its
    /// connection state here): a field, cheaper than an entry in <see cref="Items"/> for state every socket has.
    /// </summary>
    public object? State { get; set; }

    /// <summary>Whether the socket is still connected.</summary>
    public bool Connected => Volatile.Read(ref _disconnected) == 0 && !Connection.Session.IsClosed;

    /// <summary>The transport the connection uses now.</summary>
    public EngineIOTransportKind Transport => Connection.Session.Transport;

    /// <summary>The rooms the socket is in (its own room included).</summary>
    public IReadOnlyCollection<string> Rooms => Namespace.Adapter.GetRooms(Id);

    internal SocketIOConnection Connection { get; }

    private SerialWorkQueue Work => Volatile.Read(ref _work) ?? CreateWork();

    /// <summary>Reads an item of <see cref="Items"/> without creating the dictionary.</summary>
    public bool TryGetItem(string key, out object? value)
    {
        if (Volatile.Read(ref _items) is { } items)
        {
            return items.TryGetValue(key, out value);
        }

        value = null;
        return false;
    }

    /// <summary>
    /// Handles event <paramref name="eventName"/> for this socket only, instead of the namespace's handler
    /// (<see cref="SocketIONamespace.On(string, Func{SocketIOEvent, ValueTask})"/>, cheaper when every socket
    /// has the handler); a later registration replaces an earlier one.
    /// </summary>
    public void On(string eventName, Func<SocketIOEvent, ValueTask> handler)
    {
        LazyInitializer.EnsureInitialized(ref _handlers, static () => new(StringComparer.Ordinal))[eventName] = handler;
        Namespace.Server.EventNames.Add(eventName);
    }

    /// <summary>Handles event <paramref name="eventName"/> synchronously for this socket only.</summary>
    public void On(string eventName, Action<SocketIOEvent> handler) => On(eventName, SocketIOEvent.Handler(handler));

    /// <summary>
    /// Runs when the socket leaves the namespace, for any reason; the socket is still in its rooms while
    /// these run, and they run after every event handler already queued and after the namespace's
    /// <see cref="SocketIONamespace.OnDisconnect"/> handlers.
    /// </summary>
    public void OnDisconnect(Func<SocketContext, DisconnectReason, ValueTask> handler) =>
        ImmutableInterlocked.Update(ref _disconnectHandlers, static (handlers, added) => handlers.Add(added), handler);

    /// <summary>Sends an event with no arguments. False when the socket is gone or its queue overflowed.</summary>
    public bool Emit(string eventName) => Emit(eventName, SocketIOArguments.Empty);

    /// <summary>Sends an event.</summary>
    public bool Emit(string eventName, SocketIOArguments arguments) => Send(PacketWriter.Event(Namespace.Name, eventName, arguments));

    /// <summary>Sends an event with one value.</summary>
    public bool Emit<T>(string eventName, T value, JsonTypeInfo<T> typeInfo) => Send(PacketWriter.Event(Namespace.Name, eventName, value, typeInfo));

    /// <summary>
    /// Sends an event with a callback and waits for the client's answer.
    /// Throws <see cref="TimeoutException"/> after <paramref name="timeout"/> (default
    /// <see cref="SocketIOOptions.AckTimeout"/>), or <see cref="SocketIODisconnectedException"/> if the socket leaves first.
    /// </summary>
    public async Task<SocketIOArguments> EmitWithAckAsync(string eventName, SocketIOArguments arguments, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var acks = LazyInitializer.EnsureInitialized(ref _acks, static () => new AckRegistry());
        var id = acks.Register(out var completion);
        if (!Send(PacketWriter.Event(Namespace.Name, eventName, arguments, id)))
        {
            acks.Forget(id);
            throw new SocketIODisconnectedException(DisconnectReason.TransportClose);
        }

        try
        {
            return await completion.Task.WaitAsync(timeout ?? Namespace.Server.Options.AckTimeout, Namespace.Server.Time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            acks.Forget(id);
        }
    }

    /// <summary>
    /// Joins a room. Throws <see cref="InvalidOperationException"/> when the socket is already in
    /// <see cref="SocketIOOptions.MaxRoomsPerSocket"/> rooms (use <see cref="TryJoin"/> to test instead).
    /// </summary>
    public void Join(string room)
    {
        if (!TryJoin(room))
        {
            throw new InvalidOperationException($"A socket may be in at most {Namespace.Server.Options.MaxRoomsPerSocket} rooms.");
        }
    }

    /// <summary>Joins a room unless that would put the socket in more than <see cref="SocketIOOptions.MaxRoomsPerSocket"/> rooms (its own room not counted).</summary>
    public bool TryJoin(string room)
    {
        var rooms = Namespace.Adapter.GetRooms(Id);
        if (!rooms.Contains(room) && rooms.Count(r => r != Id) >= Namespace.Server.Options.MaxRoomsPerSocket && room != Id)
        {
            return false;
        }

        Namespace.Adapter.AddToRoom(this, room);
        return true;
    }

    /// <summary>Leaves a room.</summary>
    public void Leave(string room) => Namespace.Adapter.RemoveFromRoom(this, room);

    /// <summary>Targets the sockets in <paramref name="room"/> (the sender included when it is a member).</summary>
    public BroadcastOperator To(string room) => new BroadcastOperator(Namespace).To(room);

    /// <summary>Targets every socket of the namespace except those in <paramref name="room"/>.</summary>
    public BroadcastOperator Except(string room) => new BroadcastOperator(Namespace).Except(room);

    /// <summary>Targets every socket of the namespace except this one; add <c>.To(room)</c> to narrow it.</summary>
    public BroadcastOperator Broadcast => new BroadcastOperator(Namespace).Except(Id);

    /// <summary>
    /// Removes the socket from its namespace (the client gets DISCONNECT and does not reconnect), or with
    /// <paramref name="close"/> closes the whole connection.
    /// </summary>
    public void Disconnect(bool close = false)
    {
        if (close)
        {
            Connection.Session.Close(EngineIOCloseReason.ForcedClose);
            return;
        }

        if (Connected)
        {
            Send(PacketWriter.Disconnect(Namespace.Name));
            Connection.RemoveSocket(this);
            OnDisconnected(DisconnectReason.ServerNamespaceDisconnect);
        }
    }

    internal bool Send(in OutboundMessage message) => Volatile.Read(ref _disconnected) == 0 && Connection.Session.TrySend(message);

    /// <summary>
    /// Delivers a broadcast packet. While a recovered socket replays what it missed, broadcasts are held
    /// back and released afterwards, minus those the replay already covered, so that every packet arrives
    /// once and in order.
    /// </summary>
    public bool Deliver(in OutboundMessage packet, string? offset)
    {
        if (Volatile.Read(ref _hold) is { } hold && hold.TryHold(packet, offset))
        {
            return true;
        }

        if (offset is not null && Volatile.Read(ref _replayedUpTo) is { } upTo && CompareOffsets(offset, upTo) <= 0)
        {
            return true;
        }

        return Send(packet);
    }

    /// <summary>Tells the socket that the replay sent everything up to <paramref name="offset"/> (nothing to do outside a replay).</summary>
    public void MarkReplayed(string offset) => Volatile.Read(ref _hold)?.MarkReplayed(offset);

    internal void BeginHold() => Volatile.Write(ref _hold, new ReplayHold());

    internal void EndHold()
    {
        if (Volatile.Read(ref _hold) is not { } current)
        {
            return;
        }

        // The watermark first: a broadcast that no longer finds the hold is checked against it.
        Volatile.Write(ref _replayedUpTo, current.Replayed);
        if (Interlocked.Exchange(ref _hold, null) is not { } hold)
        {
            return;
        }

        foreach (var packet in hold.Release())
        {
            Send(packet);
        }
    }

    /// <summary>Numeric offsets compare as numbers, others ordinally.</summary>
    public static int CompareOffsets(string a, string b) =>
        long.TryParse(a, out var x) && long.TryParse(b, out var y) ? x.CompareTo(y) : string.CompareOrdinal(a, b);

    /// <summary>Queues the event for this socket's handlers; false when the client outpaces them too far.</summary>
    internal bool Dispatch(string eventName, SocketIOArguments arguments, long ackId)
    {
        // The socket's own handler wins over the namespace's.
        var handler = Volatile.Read(ref _handlers) is { } own && own.TryGetValue(eventName, out var mine) ? mine : Namespace.FindHandler(eventName);
        if (handler is null)
        {
            Log.UnhandledEvent(Namespace.Server.Logger, Id, eventName);
            return true;
        }

        return Work.Enqueue(handler, new SocketIOEvent(this, eventName, arguments, ackId));
    }

    /// <summary>Completes a pending ack; an ack nobody waits for (none registered, or timed out) is dropped.</summary>
    internal void CompleteAck(long id, SocketIOArguments arguments) => Volatile.Read(ref _acks)?.Complete(id, arguments);

    internal void OnConnected() => Namespace.Adapter.AddToRoom(this, Id);

    /// <summary>Marks the socket gone now; runs disconnect handlers after queued work, then leaves every room.</summary>
    internal void OnDisconnected(DisconnectReason reason)
    {
        if (Interlocked.Exchange(ref _disconnected, 1) != 0)
        {
            return;
        }

        Log.SocketDisconnected(Namespace.Server.Logger, Id, Namespace.Name, reason);
        Volatile.Read(ref _acks)?.FailAll(new SocketIODisconnectedException(reason));

        // Rooms as they are now, before disconnect handlers (which may leave rooms) run.
        var recoverable = Pid is not null && reason is not (DisconnectReason.ClientNamespaceDisconnect or DisconnectReason.ServerNamespaceDisconnect);
        var rooms = recoverable ? Rooms.Where(r => r != Id).ToArray() : null;
        Work.Enqueue(() => FinishDisconnectAsync(reason, rooms), force: true);
    }

    private async ValueTask FinishDisconnectAsync(DisconnectReason reason, string[]? recoverableRooms)
    {
        // The namespace's handlers first, then the socket's own, each in the order registered.
        foreach (var handler in Namespace.DisconnectHandlers)
        {
            await RunDisconnectHandlerAsync(handler, reason).ConfigureAwait(false);
        }

        foreach (var handler in _disconnectHandlers)
        {
            await RunDisconnectHandlerAsync(handler, reason).ConfigureAwait(false);
        }

        Namespace.Adapter.RemoveFromAllRooms(this);
        Namespace.Remove(this);

        // Kept only after the socket is gone everywhere, so a recovery can never meet the old socket.
        if (recoverableRooms is not null)
        {
            try
            {
                var state = new SocketSessionState(Pid!, Id, Namespace.Name, recoverableRooms, RecoveryData, Namespace.Server.Time.GetUtcNow());
                await Namespace.Server.SessionStore.SaveAsync(state, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.SessionSaveFailed(Namespace.Server.Logger, Id, ex);
            }
        }
    }

    private async ValueTask RunDisconnectHandlerAsync(Func<SocketContext, DisconnectReason, ValueTask> handler, DisconnectReason reason)
    {
        try
        {
            await handler(this, reason).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(Namespace.Server.Logger, Id, ex);
        }
    }

    /// <summary>The work queue, made on first use; when two threads race, both get the one that won.</summary>
    private SerialWorkQueue CreateWork()
    {
        var created = new SerialWorkQueue(Namespace.Server.Options.MaxPendingEvents, OnHandlerFailed);
        return Interlocked.CompareExchange(ref _work, created, null) ?? created;
    }

    private void OnHandlerFailed(Exception exception) => Log.HandlerFailed(Namespace.Server.Logger, Id, exception);
}
