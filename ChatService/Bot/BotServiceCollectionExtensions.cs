using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatService.Bot;

/// <summary>Registers the support bot's knowledge and understanding.</summary>
public static class BotServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="BotOptions"/> to the <c>Bot</c> section and registers the knowledge base provider (a singleton
    /// that loads the file on first use and reloads it when it changes).
    /// </summary>
    public static IServiceCollection AddSupportBotKnowledge(this IServiceCollection services)
    {
        services.AddOptions<BotOptions>().BindConfiguration(BotOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KnowledgeBaseProvider>();
        return services;
    }
}
