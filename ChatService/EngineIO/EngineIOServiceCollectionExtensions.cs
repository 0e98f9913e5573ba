using ChatService.EngineIO.Transports;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatService.EngineIO;

/// <summary>Registers Engine.IO settings.</summary>
public static class EngineIOServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="EngineIOOptions"/> to the <c>EngineIO</c> configuration section and validates it at start,
    /// and (unless <see cref="EngineIOOptions.ConnectionLevelWebSockets"/> is off) puts the connection-level
    /// WebSocket handshake in front of every Kestrel endpoint.
    /// </summary>
    public static IServiceCollection AddEngineIO(this IServiceCollection services, Action<EngineIOOptions>? configure = null)
    {
        var builder = services.AddOptions<EngineIOOptions>().BindConfiguration("EngineIO").ValidateDataAnnotations().ValidateOnStart();
        builder.Validate(
            o => System.ComponentModel.DataAnnotations.Validator.TryValidateObject(o.Limits, new(o.Limits), null, validateAllProperties: true),
            "EngineIO:Limits has a value out of range (see EngineIOLimitsOptions).");
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EngineIOEndpoints>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<EngineIOOptions>, EngineIOEndpoints>((kestrel, engineIO, endpoints) =>
        {
            if (engineIO.Value.ConnectionLevelWebSockets)
            {
                kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => new WebSocketConnectionMiddleware(next, endpoints, kestrel.Limits.RequestHeadersTimeout).OnConnectedAsync));
            }
        });
        return services;
    }
}
