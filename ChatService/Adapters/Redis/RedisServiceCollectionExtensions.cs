using ChatService.SocketIO.Adapters;
using ChatService.SocketIO.Recovery;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatService.Adapters.Redis;

/// <summary>Registers the Redis scale-out of the Socket.IO layer.</summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>Whether <c>Redis:Configuration</c> holds a connection string (scale-out is on).</summary>
    public static bool IsRedisConfigured(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[RedisAdapterOptions.SectionName + ":" + nameof(RedisAdapterOptions.Configuration)]);

    /// <summary>
    /// Binds <see cref="RedisAdapterOptions"/> to the <c>Redis</c> section and replaces the in-memory adapter and
    /// session store with Redis ones: broadcasts reach every node, and disconnected sessions can be recovered on any node.
    /// Call it after <c>AddSocketIO</c> or before; it replaces whatever was registered.
    /// </summary>
    public static IServiceCollection AddRedisAdapter(this IServiceCollection services)
    {
        services.AddOptions<RedisAdapterOptions>()
            .BindConfiguration(RedisAdapterOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.Enabled, "Redis:Configuration must hold a StackExchange.Redis connection string (for example 127.0.0.1:6379).")
            .Validate(o => o.NodeTimeout > o.HeartbeatInterval, "Redis:NodeTimeout must be longer than Redis:HeartbeatInterval.")
            .ValidateOnStart();
        services.TryAddSingleton<RedisConnection>();
        services.RemoveAll<ISocketIOAdapterFactory>();
        services.AddSingleton<ISocketIOAdapterFactory, RedisAdapterFactory>();
        services.RemoveAll<ISocketSessionStore>();
        services.AddSingleton<ISocketSessionStore, RedisSocketSessionStore>();
        return services;
    }
}
