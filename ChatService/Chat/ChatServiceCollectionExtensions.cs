using ChatService.Chat.Guards;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatService.Chat;

/// <summary>Registers the chat.</summary>
public static class ChatServiceCollectionExtensions
{
    /// <summary>Binds <see cref="ChatOptions"/> to the <c>Chat</c> section and registers presence and rooms.</summary>
    public static IServiceCollection AddChat(this IServiceCollection services)
    {
        services.AddOptions<ChatOptions>().BindConfiguration("Chat").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IPresence, PresenceTracker>();
        services.TryAddSingleton<RoomDirectory>();
        services.TryAddSingleton<ConnectionRateLimiter>();
        services.TryAddSingleton<ChatPublisher>();
        services.TryAddSingleton<ChatSocketHandlers>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
