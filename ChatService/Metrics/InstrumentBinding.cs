using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;

namespace ChatService.Metrics;

/// <summary>
/// One <see cref="Instrument"/> and its Prometheus collector. The collector is created at the first
/// measurement, when the tag names are known (each instrument of ours always uses the same tags, in the
/// same order); a child per label value is cached, so steady-state measurements allocate nothing.
/// </summary>
internal sealed class InstrumentBinding
{
    private static readonly double[] s_defaultBuckets = Histogram.ExponentialBuckets(1, 2, 16);

    private readonly Kind _kind;
    private readonly string _name;
    private readonly string _help;
    private readonly double[]? _buckets;
    private readonly IMetricFactory _factory;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, object> _children = new(StringComparer.Ordinal);
    private object? _collector;
    private int _labelCount;

    private InstrumentBinding(Kind kind, string name, string help, double[]? buckets, IMetricFactory factory)
    {
        _kind = kind;
        _name = name;
        _help = help;
        _buckets = buckets;
        _factory = factory;
    }

    private enum Kind
    {
        Counter,
        Gauge,
        Histogram,
    }

    /// <summary>A binding for the instrument kinds the layers use, or null for any other kind.</summary>
    public static InstrumentBinding? TryCreate(Instrument instrument, IMetricFactory factory)
    {
        var help = string.IsNullOrEmpty(instrument.Description) ? instrument.Name : instrument.Description;
        return instrument switch
        {
            Counter<long> or Counter<int> or Counter<double> => new(Kind.Counter, PrometheusName(instrument) + "_total", help, null, factory),
            ObservableGauge<int> or ObservableGauge<long> or ObservableGauge<double> or UpDownCounter<long> => new(Kind.Gauge, PrometheusName(instrument), help, null, factory),
            Histogram<int> h => new(Kind.Histogram, PrometheusName(instrument), help, Buckets(h.Advice?.HistogramBucketBoundaries), factory),
            Histogram<long> h => new(Kind.Histogram, PrometheusName(instrument), help, Buckets(h.Advice?.HistogramBucketBoundaries), factory),
            Histogram<double> h => new(Kind.Histogram, PrometheusName(instrument), help, h.Advice?.HistogramBucketBoundaries?.ToArray() ?? s_defaultBuckets, factory),
            _ => null,
        };
    }

    /// <summary><c>engineio.packets.received</c> → <c>chatservice_engineio_packets_received</c>.</summary>
    public static string PrometheusName(Instrument instrument)
    {
        var raw = "chatservice_" + instrument.Name;
        return string.Create(raw.Length, raw, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_';
            }
        });
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var collector = Volatile.Read(ref _collector) ?? Create(tags);
        if (tags.Length != _labelCount)
        {
            return; // A measurement with other tags than the first one: not representable, dropped.
        }

        var target = tags.Length == 0 ? collector : Child(collector, tags);
        switch (_kind)
        {
            case Kind.Counter:
                if (value > 0)
                {
                    ((ICounter)target).Inc(value);
                }

                break;
            case Kind.Gauge:
                ((IGauge)target).Set(value);
                break;
            default:
                ((IHistogram)target).Observe(value);
                break;
        }
    }

    private object Child(object collector, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = tags.Length == 1 ? tags[0].Value?.ToString() ?? "" : JoinValues(tags);
        if (_children.TryGetValue(key, out var child))
        {
            return child;
        }

        var values = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            values[i] = tags[i].Value?.ToString() ?? "";
        }

        return _children.GetOrAdd(key, _kind switch
        {
            Kind.Counter => ((Counter)collector).WithLabels(values),
            Kind.Gauge => ((Gauge)collector).WithLabels(values),
            _ => ((Histogram)collector).WithLabels(values),
        });
    }

    private static string JoinValues(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            parts[i] = tags[i].Value?.ToString() ?? "";
        }

        return string.Join('\u001f', parts);
    }

    private object Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = tags[i].Key;
        }

        lock (_gate)
        {
            if (_collector is { } existing)
            {
                return existing;
            }

            object created = _kind switch
            {
                Kind.Counter => _factory.CreateCounter(_name, _help, labels),
                Kind.Gauge => _factory.CreateGauge(_name, _help, labels),
                _ => _factory.CreateHistogram(_name, _help, labels, new HistogramConfiguration { Buckets = _buckets ?? s_defaultBuckets }),
            };
            _labelCount = labels.Length;
            Volatile.Write(ref _collector, created);
            return created;
        }
    }

    private static double[] Buckets<T>(IReadOnlyList<T>? advised)
        where T : struct, IConvertible =>
        advised is null ? s_defaultBuckets : [.. advised.Select(b => b.ToDouble(System.Globalization.CultureInfo.InvariantCulture))];
}
