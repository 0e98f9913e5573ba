using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatService.EngineIO;

/// <summary>Registers Engine.IO settings.</summary>
public static class EngineIOServiceCollectionExtensions
{
    /// <summary>Binds <see cref="EngineIOOptions"/> to the <c>EngineIO</c> configuration section and validates it at start.</summary>
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
        return services;
    }
}
