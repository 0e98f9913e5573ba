using Microsoft.Extensions.Options;

namespace ChatService.EngineIO;

/// <summary>Maps Engine.IO endpoints.</summary>
public static class EngineIOEndpointRouteBuilderExtensions
{
    /// <summary>How long a stopping host waits for polling clients to fetch their close packet.</summary>
    private static readonly TimeSpan ShutdownDrainTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Maps an Engine.IO v4 endpoint at <paramref name="path"/> (with or without the trailing slash) that hands
    /// messages to <paramref name="handler"/>. When the host stops, every session gets a close.
    /// </summary>
    public static EngineIOServer MapEngineIO(this IEndpointRouteBuilder endpoints, string path, IEngineIOHandler handler, EngineIOOptions? options = null)
    {
        var services = endpoints.ServiceProvider;
        var server = new EngineIOServer(
            options ?? services.GetRequiredService<IOptions<EngineIOOptions>>().Value,
            handler,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILogger<EngineIOServer>>());

        EngineIOMetrics.Track(server);
        services.GetService<EngineIOEndpoints>()?.Add(path, server);

        // Routing ignores a trailing slash: this serves both "/socket.io" and "/socket.io/".
        endpoints.Map("/" + path.Trim('/'), server.HandleRequestAsync);

        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping
            .Register(static s => ((EngineIOServer)s!).CloseAllAndDrain(EngineIOCloseReason.ServerShutdown, ShutdownDrainTimeout), server);
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(static s => ((EngineIOServer)s!).Gate.Dispose(), server);
        return server;
    }
}
