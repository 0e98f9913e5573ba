using ChatService.Chat.Guards;
using ChatService.Chat.Support;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatService.Chat;

/// <summary>Registers the chat.</summary>
public static class ChatServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ChatOptions"/> (<c>Chat</c>) and <see cref="SupportOptions"/> (<c>Support</c>) and registers
    /// presence, rooms, rate limits, the publisher and the socket handlers.
    /// </summary>
    public static IServiceCollection AddChat(this IServiceCollection services)
    {
        services.AddOptions<ChatOptions>().BindConfiguration("Chat").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IPresence, PresenceTracker>();
        services.TryAddSingleton<RoomDirectory>();
        services.TryAddSingleton<ConnectionRateLimiter>();
        services.TryAddSingleton<ChatPublisher>();
        services.TryAddSingleton<ChatSocketHandlers>();
        services.AddOptions<SupportOptions>().BindConfiguration("Support");
        services.TryAddSingleton<SupportChannel>();
        services.TryAddSingleton<SupportAgentHandlers>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
