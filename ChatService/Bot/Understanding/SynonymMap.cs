namespace ChatService.Bot.Understanding;

/// <summary>
/// Replaces words and phrases (as stem sequences) with their canonical stems, longest phrase first:
/// "cesta básica" and "fome" both become the stem of "alimentação".
/// </summary>
internal sealed class SynonymMap
{
    private readonly Dictionary<string, string[]> _phrases;
    private readonly int _maxPhraseLength;

    /// <summary>Builds the map from stem sequences to their replacement stems; the first entry of a sequence wins.</summary>
    public SynonymMap(IEnumerable<(string[] Variant, string[] Canonical)> entries)
    {
        _phrases = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (variant, canonical) in entries)
        {
            if (variant.Length == 0 || canonical.Length == 0 || variant.AsSpan().SequenceEqual(canonical))
            {
                continue;
            }

            if (_phrases.TryAdd(string.Join(' ', variant), canonical))
            {
                _maxPhraseLength = Math.Max(_maxPhraseLength, variant.Length);
            }
        }
    }

    /// <summary>How many phrases the map knows.</summary>
    public int Count => _phrases.Count;

    /// <summary>Returns <paramref name="stems"/> with every known phrase replaced.</summary>
    public List<string> Apply(List<string> stems)
    {
        if (_phrases.Count == 0)
        {
            return stems;
        }

        var result = new List<string>(stems.Count);
        var i = 0;
        while (i < stems.Count)
        {
            var matched = false;
            for (var length = Math.Min(_maxPhraseLength, stems.Count - i); length >= 1; length--)
            {
                var key = length == 1 ? stems[i] : string.Join(' ', stems.GetRange(i, length));
                if (_phrases.TryGetValue(key, out var canonical))
                {
                    result.AddRange(canonical);
                    i += length;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                result.Add(stems[i]);
                i++;
            }
        }

        return result;
    }
}
