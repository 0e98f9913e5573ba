namespace ChatService.Bot.Understanding;

/// <summary>
/// Turns stems into sparse features identified by 64-bit FNV-1a hashes: word unigrams and bigrams, and character 3-
/// and 4-grams of each stem with boundary marks ("^cad", "str$"). Hashing spans avoids building a string per n-gram;
/// at a few thousand features, 64-bit collisions are not a concern.
/// </summary>
internal static class FeatureHasher
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;
    private const ulong UnigramSeed = 0x9E3779B97F4A7C15UL;
    private const ulong BigramSeed = 0xC2B2AE3D27D4EB4FUL;
    private const ulong CharSeed = 0x165667B19E3779F9UL;

    /// <summary>Adds the word unigram and bigram features of <paramref name="stems"/> to <paramref name="features"/>.</summary>
    public static void AddWordFeatures(IReadOnlyList<string> stems, Dictionary<ulong, float> features)
    {
        for (var i = 0; i < stems.Count; i++)
        {
            Add(features, Hash(UnigramSeed, stems[i]));
            if (i > 0)
            {
                var bigram = Hash(BigramSeed, stems[i - 1]);
                bigram = Hash(bigram ^ 0x20, stems[i]);
                // Bigrams only sharpen word order ("falar atendente" vs "ser atendente"); half weight keeps
                // a message that shares the words but not their order close.
                Add(features, bigram, 0.5f);
            }
        }
    }

    /// <summary>Adds the character 3- and 4-gram features of each stem to <paramref name="features"/>.</summary>
    public static void AddCharFeatures(IReadOnlyList<string> stems, Dictionary<ulong, float> features)
    {
        Span<char> buffer = stackalloc char[64];
        foreach (var stem in stems)
        {
            var length = Math.Min(stem.Length, buffer.Length - 2);
            buffer[0] = '^';
            stem.AsSpan(0, length).CopyTo(buffer[1..]);
            buffer[length + 1] = '$';
            var padded = buffer[..(length + 2)];
            for (var n = 3; n <= 4; n++)
            {
                for (var start = 0; start + n <= padded.Length; start++)
                {
                    Add(features, Hash(CharSeed + (ulong)n, padded.Slice(start, n)));
                }
            }
        }
    }

    private static void Add(Dictionary<ulong, float> features, ulong key, float weight = 1f)
    {
        features[key] = features.GetValueOrDefault(key) + weight;
    }

    private static ulong Hash(ulong seed, ReadOnlySpan<char> text)
    {
        var hash = Offset ^ seed;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= Prime;
        }

        return hash;
    }
}
