using ChatService.Chat;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatService.Storage.Redis;

/// <summary>Registers cluster-wide presence in Redis.</summary>
public static class RedisPresenceServiceCollectionExtensions
{
    /// <summary>
    /// Replaces the in-memory <see cref="IPresence"/> with the cluster-wide one (users_count, active_users and rooms
    /// count every node's connections). Needs <c>AddRedisAdapter</c> (the Redis connection and options).
    /// </summary>
    public static IServiceCollection AddRedisPresence(this IServiceCollection services)
    {
        services.TryAddSingleton<RedisPresence>();
        services.RemoveAll<IPresence>();
        services.AddSingleton<IPresence>(static sp => sp.GetRequiredService<RedisPresence>());
        services.AddHostedService(static sp => sp.GetRequiredService<RedisPresence>());
        return services;
    }
}
