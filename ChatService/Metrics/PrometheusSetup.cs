using Prometheus;

namespace ChatService.Metrics;

/// <summary>
/// The process-wide Prometheus state: prometheus-net's default registry (process metrics kept; its own
/// meter and event-counter adapters off, so nothing is exported twice) and the one bridge from the layers'
/// meters. The layers' meters are static, so one bridge serves every host in the process.
/// </summary>
internal static class PrometheusSetup
{
    private static readonly Lazy<PrometheusMeterBridge> s_bridge = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Starts the bridge once (idempotent).</summary>
    public static void EnsureStarted() => _ = s_bridge.Value;

    private static PrometheusMeterBridge Start()
    {
        Prometheus.Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressMeters = true,
            SuppressEventCounters = true,
            SuppressDebugMetrics = true,
            SuppressProcessMetrics = false,
        });
        return new PrometheusMeterBridge(Prometheus.Metrics.DefaultRegistry);
    }
}
