using ChatService.Chat;
using ChatService.Chat.Support;

namespace ChatService.Bot.Support;

/// <summary>Registers the support assistant and the hand-off desk.</summary>
public static class SupportBotServiceCollectionExtensions
{
    /// <summary>
    /// Registers the knowledge base, the hand-off coordinator (the chat's <see cref="ISupportDesk"/>) and the bot
    /// (an <see cref="IChatObserver"/>).
    /// </summary>
    public static IServiceCollection AddSupportBot(this IServiceCollection services)
    {
        services.AddSupportBotKnowledge();
        services.AddSingleton<HandoffCoordinator>();
        services.AddSingleton<ISupportDesk>(sp => sp.GetRequiredService<HandoffCoordinator>());
        services.AddSingleton<SupportBot>();
        services.AddSingleton<IChatObserver>(sp => sp.GetRequiredService<SupportBot>());
        return services;
    }
}
