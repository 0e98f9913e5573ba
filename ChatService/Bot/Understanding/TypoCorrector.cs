namespace ChatService.Bot.Understanding;

/// <summary>
/// Replaces a word the knowledge base does not know with the closest word it does know: at most one edit for words of
/// four to six letters, two for longer ones, none for shorter ones (too many short words are one edit apart:
/// "lot" would become "bot").
/// Ties go to the word used most often in the knowledge base.
/// </summary>
internal sealed class TypoCorrector
{
    private readonly Dictionary<string, int> _frequencies;
    private readonly string[][] _byLength;

    /// <summary>Builds the corrector over a vocabulary of normalized words and how often each occurs.</summary>
    public TypoCorrector(IReadOnlyDictionary<string, int> vocabulary)
    {
        _frequencies = new Dictionary<string, int>(vocabulary, StringComparer.Ordinal);
        var maxLength = _frequencies.Keys.Select(static w => w.Length).DefaultIfEmpty(0).Max();
        _byLength = new string[maxLength + 1][];
        var groups = _frequencies.Keys
            .GroupBy(static w => w.Length)
            .ToDictionary(static g => g.Key, static g => g.OrderBy(static w => w, StringComparer.Ordinal).ToArray());
        for (var length = 0; length <= maxLength; length++)
        {
            _byLength[length] = groups.TryGetValue(length, out var words) ? words : [];
        }
    }

    /// <summary>Whether the word is in the vocabulary.</summary>
    public bool IsKnown(string word) => _frequencies.ContainsKey(word);

    /// <summary>The most edits allowed for a word of this length.</summary>
    public static int MaxEdits(int length) => length switch
    {
        <= 3 => 0,
        <= 6 => 1,
        _ => 2,
    };

    /// <summary>The closest known word within the allowed edits, or <see langword="null"/> when there is none.</summary>
    public string? Correct(string word)
    {
        var max = MaxEdits(word.Length);
        if (max == 0 || _byLength.Length == 0)
        {
            return null;
        }

        string? best = null;
        var bestDistance = max + 1;
        var bestFrequency = 0;
        var from = Math.Max(1, word.Length - max);
        var to = Math.Min(_byLength.Length - 1, word.Length + max);
        for (var length = from; length <= to; length++)
        {
            foreach (var candidate in _byLength[length])
            {
                var distance = DamerauLevenshtein.Distance(word, candidate, Math.Min(max, bestDistance));
                if (distance > max)
                {
                    continue;
                }

                var frequency = _frequencies[candidate];
                if (distance < bestDistance || (distance == bestDistance && frequency > bestFrequency))
                {
                    best = candidate;
                    bestDistance = distance;
                    bestFrequency = frequency;
                }
            }
        }

        return best;
    }
}
