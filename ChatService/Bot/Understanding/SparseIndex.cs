namespace ChatService.Bot.Understanding;

/// <summary>
/// An inverted TF-IDF index over the examples: each feature lists the examples that have it with their weight in the
/// example's unit vector, so that scoring a message touches only the examples sharing a feature with it and yields
/// cosine similarities in [0, 1]. Intent "centroids" (all examples of an intent as one document, counts log-damped)
/// are indexed after the examples with the same weights, so one pass scores both.
/// </summary>
internal sealed class SparseIndex
{
    private readonly Dictionary<ulong, Column> _columns;
    private readonly float _unknownIdf;

    /// <summary>
    /// Builds the index from the feature bags (term counts) of the examples, which also give the inverse document
    /// frequencies, followed by <paramref name="centroids"/>.
    /// </summary>
    public SparseIndex(IReadOnlyList<Dictionary<ulong, float>> documents, IReadOnlyList<Dictionary<ulong, float>> centroids)
    {
        DocumentCount = documents.Count + centroids.Count;
        var documentFrequency = new Dictionary<ulong, int>();
        foreach (var document in documents)
        {
            foreach (var feature in document.Keys)
            {
                documentFrequency[feature] = documentFrequency.GetValueOrDefault(feature) + 1;
            }
        }

        var idf = documentFrequency.ToDictionary(static p => p.Key, p => Idf(documents.Count, p.Value));

        // Words the knowledge base has never seen still count in a message's norm, so that a message mostly made of
        // unknown words gets a low confidence; they weigh like a word seen in two examples.
        _unknownIdf = Idf(documents.Count, 2);

        var all = documents.Concat(centroids).ToList();
        var postings = new Dictionary<ulong, List<(int Document, float Weight)>>();
        for (var d = 0; d < all.Count; d++)
        {
            var norm = 0.0;
            foreach (var (feature, count) in all[d])
            {
                var w = Tf(count) * idf[feature];
                norm += w * w;
            }

            norm = Math.Sqrt(norm);
            if (norm == 0)
            {
                continue;
            }

            foreach (var (feature, count) in all[d])
            {
                if (!postings.TryGetValue(feature, out var list))
                {
                    postings[feature] = list = [];
                }

                list.Add((d, (float)(Tf(count) * idf[feature] / norm)));
            }
        }

        _columns = postings.ToDictionary(
            static p => p.Key,
            p => new Column(idf[p.Key], p.Value.Select(static e => e.Document).ToArray(), p.Value.Select(static e => e.Weight).ToArray()));
    }

    /// <summary>How many documents (examples, then centroids) are indexed.</summary>
    public int DocumentCount { get; }

    /// <summary>How many distinct features the examples have.</summary>
    public int FeatureCount => _columns.Count;

    /// <summary>Adds the cosine similarity of <paramref name="query"/> with every example to <paramref name="scores"/>, times <paramref name="factor"/>.</summary>
    public void Accumulate(Dictionary<ulong, float> query, Span<double> scores, double factor)
    {
        var norm = 0.0;
        foreach (var (feature, count) in query)
        {
            var w = Tf(count) * (_columns.TryGetValue(feature, out var column) ? column.Idf : _unknownIdf);
            norm += w * w;
        }

        if (norm == 0)
        {
            return;
        }

        var scale = factor / Math.Sqrt(norm);
        foreach (var (feature, count) in query)
        {
            if (!_columns.TryGetValue(feature, out var column))
            {
                continue;
            }

            var w = Tf(count) * column.Idf * scale;
            var documents = column.Documents;
            var weights = column.Weights;
            for (var i = 0; i < documents.Length; i++)
            {
                scores[documents[i]] += w * weights[i];
            }
        }
    }

    private static double Tf(float count) => count <= 1 ? count : 1 + Math.Log(count);

    private static float Idf(int documents, int frequency) => (float)Math.Log(1.0 + (double)documents / frequency);

    private sealed record Column(float Idf, int[] Documents, float[] Weights);
}
