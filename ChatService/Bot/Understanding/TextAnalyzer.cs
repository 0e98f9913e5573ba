namespace ChatService.Bot.Understanding;

/// <summary>
/// Turns a message into the stems the matcher scores: normalize, split, expand chat abbreviations, correct typos
/// against the knowledge base vocabulary, drop stopwords, stem, then replace synonyms.
/// </summary>
/// <remarks>
/// The knowledge base examples go through the very same steps, so that a message and an example meet whenever their
/// words do, whatever the accents, case, doubled letters, plurals or verb forms.
/// </remarks>
internal sealed class TextAnalyzer
{
    /// <summary>More words than this are ignored; a support question is never that long.</summary>
    public const int MaxTokens = 200;

    private readonly Dictionary<string, string[]> _abbreviations;
    private readonly TypoCorrector _corrector;
    private readonly HashSet<string> _knownStems;
    private readonly SynonymMap _synonyms;

    /// <summary>
    /// Builds the analyzer: the vocabulary is every word of <paramref name="texts"/> (the examples), of the synonyms
    /// and of the abbreviation expansions.
    /// </summary>
    public TextAnalyzer(
        IReadOnlyDictionary<string, string> abbreviations,
        IReadOnlyDictionary<string, List<string>> synonyms,
        IEnumerable<string> texts)
    {
        _abbreviations = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, value) in abbreviations)
        {
            var normalizedKey = TextNormalizer.Normalize(key);
            var expansion = Split(TextNormalizer.Normalize(value));
            if (normalizedKey.Length > 0 && !normalizedKey.Contains(' ') && expansion.Length > 0)
            {
                _abbreviations.TryAdd(normalizedKey, expansion);
            }
        }

        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        void AddWords(string text)
        {
            foreach (var word in ExpandAbbreviations(TextNormalizer.Normalize(text)))
            {
                vocabulary[word] = vocabulary.GetValueOrDefault(word) + 1;
            }
        }

        foreach (var text in texts)
        {
            AddWords(text);
        }

        foreach (var (canonical, variants) in synonyms)
        {
            AddWords(canonical);
            foreach (var variant in variants)
            {
                AddWords(variant);
            }
        }

        foreach (var stopword in PortugueseStopwords.All)
        {
            vocabulary.TryAdd(stopword, 1);
        }

        _corrector = new TypoCorrector(vocabulary);
        _knownStems = new HashSet<string>(vocabulary.Keys.Select(PortugueseStemmer.Stem), StringComparer.Ordinal);
        _synonyms = new SynonymMap(synonyms.SelectMany(pair =>
        {
            var canonical = AnalyzeWithoutSynonyms(pair.Key).ToArray();
            return pair.Value.Select(variant => (AnalyzeWithoutSynonyms(variant).ToArray(), canonical));
        }).ToList());
        VocabularySize = vocabulary.Count;
    }

    /// <summary>How many distinct normalized words the knowledge base uses.</summary>
    public int VocabularySize { get; }

    /// <summary>The content stems of <paramref name="text"/>, synonyms replaced.</summary>
    public List<string> Analyze(string? text) => _synonyms.Apply(AnalyzeWithoutSynonyms(text));

    /// <summary>The content words of <paramref name="text"/> after abbreviations and typo correction, not stemmed.</summary>
    public List<string> CorrectedWords(string? text)
    {
        var words = new List<string>();
        foreach (var word in ExpandAbbreviations(TextNormalizer.Normalize(text)))
        {
            var corrected = CorrectWord(word);
            if (corrected is not null)
            {
                words.Add(corrected);
            }
        }

        return words;
    }

    private List<string> AnalyzeWithoutSynonyms(string? text)
    {
        var words = CorrectedWords(text);
        for (var i = 0; i < words.Count; i++)
        {
            words[i] = PortugueseStemmer.Stem(words[i]);
        }

        return words;
    }

    /// <summary>The word as the knowledge base knows it, or <see langword="null"/> for a stopword.</summary>
    private string? CorrectWord(string word)
    {
        if (PortugueseStopwords.Contains(word))
        {
            return null;
        }

        if (_corrector.IsKnown(word) || _knownStems.Contains(PortugueseStemmer.Stem(word)) || HasDigit(word))
        {
            return word;
        }

        var corrected = _corrector.Correct(word);
        if (corrected is null)
        {
            return word;
        }

        return PortugueseStopwords.Contains(corrected) ? null : corrected;
    }

    private IEnumerable<string> ExpandAbbreviations(string normalized)
    {
        var count = 0;
        foreach (var token in normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (++count > MaxTokens)
            {
                yield break;
            }

            if (_abbreviations.TryGetValue(token, out var expansion))
            {
                foreach (var word in expansion)
                {
                    yield return word;
                }
            }
            else
            {
                yield return token;
            }
        }
    }

    private static bool HasDigit(string word)
    {
        foreach (var c in word)
        {
            if (char.IsDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] Split(string normalized) => normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
