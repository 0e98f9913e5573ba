namespace ChatService.Metrics;

/// <summary>Registers the Prometheus export (see <see cref="MetricsApplicationBuilderExtensions"/> for the middleware and the endpoint).</summary>
public static class MetricsServiceCollectionExtensions
{
    /// <summary>Starts the export of the <c>ChatService.*</c> meters to prometheus-net's default registry.</summary>
    public static IServiceCollection AddChatMetrics(this IServiceCollection services)
    {
        PrometheusSetup.EnsureStarted();
        return services;
    }
}
