using Prometheus;

namespace ChatService.Metrics;

/// <summary>
/// The Prometheus pieces of the HTTP pipeline: <see cref="UseChatMetrics"/> measures request durations,
/// <see cref="MapChatMetrics"/> serves the text format at <c>/metrics</c>.
/// </summary>
public static class MetricsApplicationBuilderExtensions
{
    /// <summary>Adds the HTTP request duration middleware (<c>http_request_duration_seconds</c>, by route, method and status).</summary>
    public static IApplicationBuilder UseChatMetrics(this IApplicationBuilder app)
    {
        PrometheusSetup.EnsureStarted();
        return app.UseHttpMetrics(options => options.ReduceStatusCodeCardinality());
    }

    /// <summary>Maps the Prometheus scrape endpoint (default <c>/metrics</c>).</summary>
    public static IEndpointConventionBuilder MapChatMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        PrometheusSetup.EnsureStarted();
        return endpoints.MapMetrics(pattern).ExcludeFromDescription();
    }
}
