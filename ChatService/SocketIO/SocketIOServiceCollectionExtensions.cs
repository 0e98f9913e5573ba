using ChatService.EngineIO;
using ChatService.SocketIO.Adapters;
using ChatService.SocketIO.Recovery;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatService.SocketIO;

/// <summary>Registers the Socket.IO server.</summary>
public static class SocketIOServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SocketIOServer"/> (singleton), binds <see cref="SocketIOOptions"/> to the
    /// <c>SocketIO</c> section and Engine.IO settings to <c>EngineIO</c>, with the in-memory adapter unless
    /// another <see cref="ISocketIOAdapterFactory"/> is registered.
    /// </summary>
    public static IServiceCollection AddSocketIO(this IServiceCollection services, Action<SocketIOOptions>? configure = null)
    {
        services.AddEngineIO();
        var options = services.AddOptions<SocketIOOptions>().BindConfiguration("SocketIO").ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<ISocketIOAdapterFactory, InMemoryAdapterFactory>();
        services.TryAddSingleton<ISocketSessionStore, InMemorySocketSessionStore>();
        services.TryAddSingleton<SocketIOServer>();
        return services;
    }
}
