using System.Globalization;

namespace ChatService.Tests.Metrics;

/// <summary>A scrape of <c>/metrics</c>: sample lines (<c>name{labels} value</c>) by their series text.</summary>
public sealed class PrometheusText
{
    private readonly Dictionary<string, double> _samples;

    private PrometheusText(string text, Dictionary<string, double> samples)
    {
        Text = text;
        _samples = samples;
    }

    public string Text { get; }

    public static PrometheusText Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var split = line.LastIndexOf(' ');
            samples[line[..split]] = double.Parse(line[(split + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return new PrometheusText(text, samples);
    }

    /// <summary>The value of one series (for example <c>foo_total{reason="x"}</c>), 0 when absent.</summary>
    public double Value(string series) => _samples.GetValueOrDefault(series);

    public bool Has(string series) => _samples.ContainsKey(series);

    /// <summary>Whether a <c># TYPE name kind</c> line declares the metric.</summary>
    public bool Declares(string name, string kind) => Text.Contains($"# TYPE {name} {kind}\n", StringComparison.Ordinal);
}
