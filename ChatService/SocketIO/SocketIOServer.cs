using System.Collections.Concurrent;
using ChatService.EngineIO;
using ChatService.SocketIO.Adapters;
using ChatService.SocketIO.Protocol;
using ChatService.SocketIO.Recovery;
using Microsoft.Extensions.Options;

namespace ChatService.SocketIO;

/// <summary>
/// The Socket.IO v5 server: sits on Engine.IO through <see cref="IEngineIOHandler"/>, routes packets to
/// namespaces, and owns the namespaces (static ones from <see cref="Of"/>, dynamic ones from
/// <see cref="OfDynamic"/>).
/// </summary>
public sealed class SocketIOServer : IEngineIOHandler
{
    private readonly ConcurrentDictionary<string, SocketIONamespace> _namespaces = new(StringComparer.Ordinal);
    private readonly ISocketIOAdapterFactory _adapterFactory;
    private (Func<string, bool> Match, Action<SocketIONamespace> Configure)[] _dynamic = [];

    /// <summary>Creates the server.</summary>
    public SocketIOServer(IOptions<SocketIOOptions> options, ISocketIOAdapterFactory adapterFactory, ISocketSessionStore sessionStore, TimeProvider time, ILogger<SocketIOServer> logger)
    {
        Options = options.Value;
        _adapterFactory = adapterFactory;
        SessionStore = sessionStore;
        Time = time;
        Logger = logger;
    }

    /// <summary>The server's settings.</summary>
    public SocketIOOptions Options { get; }

    /// <summary>The namespaces created so far.</summary>
    public ICollection<SocketIONamespace> Namespaces => _namespaces.Values;

    internal TimeProvider Time { get; }

    internal ISocketSessionStore SessionStore { get; }

    internal ILogger Logger { get; }

    /// <summary>The event names handlers are registered for (see <see cref="KnownEventNames"/>).</summary>
    internal KnownEventNames EventNames { get; } = new();

    /// <summary>The namespace called <paramref name="name"/> (created on first use). <c>/</c> is the main namespace.</summary>
    public SocketIONamespace Of(string name)
    {
        name = Normalize(name);
        return _namespaces.GetOrAdd(name, static (n, self) => new SocketIONamespace(self, n, self._adapterFactory), this);
    }

    /// <summary>
    /// Accepts connections to any namespace whose name matches <paramref name="match"/>: the namespace is
    /// created on the first connection and configured by <paramref name="configure"/>.
    /// </summary>
    public void OfDynamic(Func<string, bool> match, Action<SocketIONamespace> configure)
    {
        lock (_namespaces)
        {
            _dynamic = [.. _dynamic, (match, configure)];
        }
    }

    /// <summary>The namespace a client asked for, or null when none matches.</summary>
    internal SocketIONamespace? Resolve(string name)
    {
        if (_namespaces.TryGetValue(name, out var ns))
        {
            return ns;
        }

        foreach (var (match, configure) in Volatile.Read(ref _dynamic))
        {
            if (match(name))
            {
                lock (_namespaces)
                {
                    if (_namespaces.TryGetValue(name, out ns))
                    {
                        return ns;
                    }

                    ns = new SocketIONamespace(this, name, _adapterFactory);
                    configure(ns);
                    _namespaces[name] = ns;
                    return ns;
                }
            }
        }

        return null;
    }

    ValueTask IEngineIOHandler.OnOpenedAsync(EngineIOSession session)
    {
        session.HandlerState = new SocketIOConnection(this, session);
        return ValueTask.CompletedTask;
    }

    ValueTask IEngineIOHandler.OnMessageAsync(EngineIOSession session, ReadOnlyMemory<byte> data, bool isBinary) =>
        session.HandlerState is SocketIOConnection connection ? connection.OnMessageAsync(data, isBinary) : ValueTask.CompletedTask;

    void IEngineIOHandler.OnClosed(EngineIOSession session, EngineIOCloseReason reason) =>
        (session.HandlerState as SocketIOConnection)?.OnClosed(reason);

    private static string Normalize(string name) => name.StartsWith('/') ? name : "/" + name;
}
