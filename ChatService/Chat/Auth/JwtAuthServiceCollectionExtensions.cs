namespace ChatService.Chat.Auth;

/// <summary>Registers the optional JWT authentication.</summary>
public static class JwtAuthServiceCollectionExtensions
{
    /// <summary>Binds <see cref="JwtAuthOptions"/> to <c>Auth:Jwt</c> and registers <see cref="JwtAuthenticator"/> (off unless a key is configured).</summary>
    public static IServiceCollection AddJwtAuth(this IServiceCollection services)
    {
        services.AddOptions<JwtAuthOptions>().BindConfiguration("Auth:Jwt");
        services.AddSingleton<JwtAuthenticator>();
        return services;
    }
}
