using ChatService.SocketIO;
using ChatService.SocketIO.Adapters;

namespace ChatService.Adapters.Redis;

/// <summary>Creates a <see cref="RedisAdapter"/> per namespace, all on the node's one <see cref="RedisConnection"/>.</summary>
internal sealed class RedisAdapterFactory(RedisConnection connection, ILoggerFactory loggers) : ISocketIOAdapterFactory, IDisposable
{
    private readonly List<RedisAdapter> _adapters = [];

    public SocketIOAdapter Create(SocketIONamespace ns)
    {
        var adapter = new RedisAdapter(ns, connection, loggers.CreateLogger<RedisAdapter>());
        lock (_adapters)
        {
            _adapters.Add(adapter);
        }

        return adapter;
    }

    public void Dispose()
    {
        lock (_adapters)
        {
            foreach (var adapter in _adapters)
            {
                adapter.Dispose();
            }

            _adapters.Clear();
        }
    }
}
