namespace ChatService.Web;

/// <summary>Registers the web UI (the chat page and the dashboard).</summary>
public static class WebServiceCollectionExtensions
{
    /// <summary>Registers what <see cref="WebApplicationExtensions.MapChatWeb"/> serves.</summary>
    public static IServiceCollection AddChatWeb(this IServiceCollection services)
    {
        services.AddSingleton<ChatWebAssets>();
        return services;
    }
}
