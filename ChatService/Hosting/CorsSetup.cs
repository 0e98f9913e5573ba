using ChatService.EngineIO;

namespace ChatService.Hosting;

/// <summary>
/// One list of allowed origins, <c>Cors:AllowedOrigins</c>, for both the REST API (CORS middleware) and
/// Socket.IO (polling CORS and the WebSocket origin check). Empty or <c>*</c> allows any origin, like the
/// original service.
/// </summary>
internal static class CorsSetup
{
    public static void AddChatCors(this WebApplicationBuilder builder)
    {
        var origins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        var any = origins.Length == 0 || origins.Contains("*");
        builder.Services.AddCors(options => options.AddDefaultPolicy(policy =>
        {
            if (any)
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins(origins).AllowCredentials();
            }

            policy.AllowAnyHeader().AllowAnyMethod();
        }));

        if (!any)
        {
            builder.Services.PostConfigure<EngineIOOptions>(o =>
            {
                o.AllowedOrigins = origins;
                o.AllowCredentials = true;
            });
        }
    }
}
