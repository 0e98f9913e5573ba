using System.Diagnostics.Metrics;
using Prometheus;

namespace ChatService.Metrics;

/// <summary>
/// Publishes the layers' <see cref="System.Diagnostics.Metrics"/> instruments (meters named
/// <c>ChatService.*</c>) as prometheus-net collectors: counters as Prometheus counters (<c>_total</c>),
/// histograms with the buckets the instrument advises, observable gauges read when <c>/metrics</c> is scraped.
/// </summary>
/// <remarks>
/// prometheus-net's own <c>MeterAdapter</c> is not used: it sorts and copies the tags of every measurement
/// (allocations on each packet) and exports counters as gauges that expire. Here a measurement costs one
/// call through the binding that the listener hands back as its state, and a lookup by tag value when the
/// instrument has tags.
/// </remarks>
internal sealed class PrometheusMeterBridge : IDisposable
{
    /// <summary>Meters whose name starts with this are exported.</summary>
    public const string MeterPrefix = "ChatService.";

    private readonly MeterListener _listener = new();
    private volatile bool _disposed;

    public PrometheusMeterBridge(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);

        // Exemplars would be built from the trace context on every increment, on the hottest paths.
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal) && InstrumentBinding.TryCreate(instrument, factory) is { } binding)
            {
                listener.EnableMeasurementEvents(instrument, binding);
            }
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentBinding)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentBinding)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentBinding)state!).Record(value, tags));
        _listener.Start();

        // Observable instruments (open sessions) are read right before each scrape.
        registry.AddBeforeCollectCallback(() =>
        {
            if (!_disposed)
            {
                _listener.RecordObservableInstruments();
            }
        });
    }

    public void Dispose()
    {
        _disposed = true;
        _listener.Dispose();
    }
}
