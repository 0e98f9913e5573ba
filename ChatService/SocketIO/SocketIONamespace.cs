using System.Collections.Concurrent;
using ChatService.SocketIO.Adapters;
using ChatService.SocketIO.Broadcasting;

namespace ChatService.SocketIO;

/// <summary>
/// A namespace: its connection middlewares, its connection, event and disconnect handlers, its sockets on
/// this node and the adapter that keeps its rooms. Configure it at start-up (<see cref="Use"/>,
/// <see cref="OnConnection(Func{SocketContext, ValueTask})"/>, <see cref="On(string, Func{SocketIOEvent, ValueTask})"/>,
/// <see cref="OnDisconnect"/>).
/// </summary>
/// <remarks>
/// Handlers registered here are shared by every socket of the namespace, so a socket costs no memory for
/// them (per-socket state goes in <see cref="SocketContext.State"/> or <see cref="SocketContext.Items"/>);
/// prefer them to the per-socket <see cref="SocketContext.On(string, Func{SocketIOEvent, ValueTask})"/> for
/// handlers every socket has.
/// </remarks>
public sealed class SocketIONamespace
{
    private readonly ConcurrentDictionary<string, SocketContext> _sockets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<SocketIOEvent, ValueTask>> _eventHandlers = new(StringComparer.Ordinal);
    private SocketIOMiddleware[] _middlewares = [];
    private Func<SocketContext, ValueTask>[] _connectionHandlers = [];
    private Func<SocketContext, DisconnectReason, ValueTask>[] _disconnectHandlers = [];

    internal SocketIONamespace(SocketIOServer server, string name, ISocketIOAdapterFactory adapterFactory)
    {
        Server = server;
        Name = name;
        Adapter = adapterFactory.Create(this);
    }

    /// <summary>The namespace name, starting with <c>/</c>.</summary>
    public string Name { get; }

    /// <summary>The adapter holding this namespace's rooms.</summary>
    public SocketIOAdapter Adapter { get; }

    /// <summary>The sockets connected to this namespace on this node.</summary>
    public ICollection<SocketContext> Sockets => _sockets.Values;

    /// <summary>How many sockets are connected to this namespace on this node.</summary>
    public int SocketCount => _sockets.Count;

    internal SocketIOServer Server { get; }

    /// <summary>Adds a connection middleware; middlewares run in the order added.</summary>
    public SocketIONamespace Use(SocketIOMiddleware middleware)
    {
        lock (_sockets)
        {
            _middlewares = [.. _middlewares, middleware];
        }

        return this;
    }

    /// <summary>Runs <paramref name="handler"/> for every socket that joins, right after it got its CONNECT answer.</summary>
    public SocketIONamespace OnConnection(Func<SocketContext, ValueTask> handler)
    {
        lock (_sockets)
        {
            _connectionHandlers = [.. _connectionHandlers, handler];
        }

        return this;
    }

    /// <summary>Runs <paramref name="handler"/> synchronously for every socket that joins.</summary>
    public SocketIONamespace OnConnection(Action<SocketContext> handler) => OnConnection(socket =>
    {
        handler(socket);
        return ValueTask.CompletedTask;
    });

    /// <summary>
    /// Handles event <paramref name="eventName"/> for every socket of the namespace (<see cref="SocketIOEvent.Socket"/>
    /// says which). A socket's own handler for the same event, if it has one, runs instead. A later
    /// registration replaces an earlier one.
    /// </summary>
    public SocketIONamespace On(string eventName, Func<SocketIOEvent, ValueTask> handler)
    {
        _eventHandlers[eventName] = handler;
        Server.EventNames.Add(eventName);
        return this;
    }

    /// <summary>Handles event <paramref name="eventName"/> synchronously for every socket of the namespace.</summary>
    public SocketIONamespace On(string eventName, Action<SocketIOEvent> handler) => On(eventName, SocketIOEvent.Handler(handler));

    /// <summary>
    /// Runs <paramref name="handler"/> when any socket leaves the namespace, for any reason: in the order
    /// registered, before the socket's own <see cref="SocketContext.OnDisconnect"/> handlers, with the
    /// socket still in its rooms.
    /// </summary>
    public SocketIONamespace OnDisconnect(Func<SocketContext, DisconnectReason, ValueTask> handler)
    {
        lock (_sockets)
        {
            _disconnectHandlers = [.. _disconnectHandlers, handler];
        }

        return this;
    }

    /// <summary>Finds a socket of this namespace on this node.</summary>
    public bool TryGetSocket(string id, out SocketContext socket) => _sockets.TryGetValue(id, out socket!);

    /// <summary>Targets the sockets in <paramref name="room"/>.</summary>
    public BroadcastOperator To(string room) => new BroadcastOperator(this).To(room);

    /// <summary>Targets the sockets in any of <paramref name="rooms"/>.</summary>
    public BroadcastOperator To(IEnumerable<string> rooms) => new BroadcastOperator(this).To(rooms);

    /// <summary>Targets every socket except those in <paramref name="room"/>.</summary>
    public BroadcastOperator Except(string room) => new BroadcastOperator(this).Except(room);

    /// <summary>Sends an event to every socket of the namespace.</summary>
    public ValueTask EmitAsync(string eventName, SocketIOArguments arguments) => new BroadcastOperator(this).EmitAsync(eventName, arguments);

    internal Func<SocketContext, DisconnectReason, ValueTask>[] DisconnectHandlers => Volatile.Read(ref _disconnectHandlers);

    internal Func<SocketIOEvent, ValueTask>? FindHandler(string eventName) => _eventHandlers.GetValueOrDefault(eventName);

    internal bool HasMiddlewares => Volatile.Read(ref _middlewares).Length > 0;

    internal async ValueTask<SocketIOConnectError?> RunMiddlewaresAsync(SocketContext socket, CancellationToken cancellationToken)
    {
        foreach (var middleware in Volatile.Read(ref _middlewares))
        {
            if (await middleware(socket, cancellationToken).ConfigureAwait(false) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    internal async ValueTask RunConnectionHandlersAsync(SocketContext socket)
    {
        foreach (var handler in Volatile.Read(ref _connectionHandlers))
        {
            await handler(socket).ConfigureAwait(false);
        }
    }

    internal void Add(SocketContext socket)
    {
        _sockets[socket.Id] = socket;
        socket.OnConnected();
    }

    internal void Remove(SocketContext socket) => _sockets.TryRemove(new KeyValuePair<string, SocketContext>(socket.Id, socket));
}
