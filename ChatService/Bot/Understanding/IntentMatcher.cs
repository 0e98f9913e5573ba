using System.Buffers;

namespace ChatService.Bot.Understanding;

/// <summary>
/// Finds the intent of a message: TF-IDF cosine similarity with every example phrasing, over word unigrams and bigrams
/// (70 %) and character 3- and 4-grams (30 %, for the typos and word forms the corrector and stemmer miss). An intent
/// scores 60 % its best example (a close paraphrase is decisive) plus 40 % its centroid, all its examples taken as one
/// document (so that many examples sharing a word outweigh one example sharing a rare word). Under the threshold the
/// message is <c>unknown</c>.
/// </summary>
/// <remarks>
/// <para>
/// Small talk does not hide a question: stems that occur only in social intents (greeting, thanks, goodbye) are set
/// aside and the rest of the message is matched against the other intents. When the whole message looks social but
/// the rest is understood and has words the social intent's examples never use, the rest wins
/// ("oi, tudo bem? como faço pra me cadastrar?" → signup), while "obrigado pela ajuda" stays thanks because
/// "ajuda" is a word of the thanks examples.
/// </para>
/// <para>
/// Immutable once built and safe to share between threads; it is rebuilt with each knowledge base. A match allocates a
/// few small lists and dictionaries and takes tens of microseconds.
/// </para>
/// </remarks>
internal sealed class IntentMatcher
{
    private const double WordWeight = 0.7;
    private const double ExampleWeight = 0.6;

    private readonly TextAnalyzer _analyzer;
    private readonly string[] _intentIds;
    private readonly bool[] _intentSocial;
    private readonly int[] _exampleIntent;
    private readonly SparseIndex _words;
    private readonly SparseIndex _chars;
    private readonly HashSet<string> _socialStems;
    private readonly Dictionary<string, HashSet<int>> _stemIntents;

    /// <summary>Indexes the examples of <paramref name="intents"/>.</summary>
    public IntentMatcher(TextAnalyzer analyzer, IReadOnlyList<KnowledgeBaseIntent> intents, double threshold)
    {
        _analyzer = analyzer;
        Threshold = threshold;
        _intentIds = intents.Select(static i => i.Id).ToArray();
        _intentSocial = intents.Select(static i => i.Social).ToArray();

        var exampleIntent = new List<int>();
        var wordDocuments = new List<Dictionary<ulong, float>>();
        var charDocuments = new List<Dictionary<ulong, float>>();
        var wordCentroids = intents.Select(static _ => new Dictionary<ulong, float>()).ToList();
        var charCentroids = intents.Select(static _ => new Dictionary<ulong, float>()).ToList();
        var stemIntents = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        for (var i = 0; i < intents.Count; i++)
        {
            foreach (var example in intents[i].Examples)
            {
                var stems = analyzer.Analyze(example);
                if (stems.Count == 0)
                {
                    continue;
                }

                exampleIntent.Add(i);
                var words = new Dictionary<ulong, float>();
                FeatureHasher.AddWordFeatures(stems, words);
                wordDocuments.Add(words);
                var chars = new Dictionary<ulong, float>();
                FeatureHasher.AddCharFeatures(stems, chars);
                charDocuments.Add(chars);
                FeatureHasher.AddWordFeatures(stems, wordCentroids[i]);
                FeatureHasher.AddCharFeatures(stems, charCentroids[i]);
                foreach (var stem in stems)
                {
                    if (!stemIntents.TryGetValue(stem, out var set))
                    {
                        stemIntents[stem] = set = [];
                    }

                    set.Add(i);
                }
            }
        }

        _exampleIntent = exampleIntent.ToArray();
        _words = new SparseIndex(wordDocuments, wordCentroids);
        _chars = new SparseIndex(charDocuments, charCentroids);
        _stemIntents = stemIntents;
        _socialStems = new HashSet<string>(
            stemIntents.Where(p => p.Value.All(i => _intentSocial[i])).Select(static p => p.Key),
            StringComparer.Ordinal);
    }

    /// <summary>The confidence under which a message is <c>unknown</c>.</summary>
    public double Threshold { get; }

    /// <summary>How many example phrasings are indexed.</summary>
    public int ExampleCount => _exampleIntent.Length;

    /// <summary>The analyzer the matcher runs messages through.</summary>
    public TextAnalyzer Analyzer => _analyzer;

    /// <summary>Finds the intent of <paramref name="text"/>; never throws, whatever the input.</summary>
    public IntentMatch Match(string? text)
    {
        try
        {
            return MatchCore(text);
        }
        catch (Exception)
        {
            // A bug in understanding must cost one fallback answer, never the chat that called it.
            return IntentMatch.Nothing;
        }
    }

    private IntentMatch MatchCore(string? text)
    {
        var stems = _analyzer.Analyze(text);
        if (stems.Count == 0 || _exampleIntent.Length == 0)
        {
            return IntentMatch.Nothing;
        }

        var (intent, score) = Best(stems, allowSocial: true);
        var rest = stems.FindAll(s => !_socialStems.Contains(s));
        if (rest.Count > 0 && rest.Count < stems.Count)
        {
            var (restIntent, restScore) = Best(rest, allowSocial: false);
            var wins = intent >= 0 && _intentSocial[intent] ? !Covers(intent, rest) : restScore > score;
            if (restIntent >= 0 && restScore >= Threshold && wins)
            {
                (intent, score) = (restIntent, restScore);
            }
        }

        if (intent < 0)
        {
            return IntentMatch.Nothing;
        }

        var confidence = Math.Clamp(score, 0, 1);
        var id = _intentIds[intent];
        return new IntentMatch(confidence >= Threshold ? id : BotIntents.Unknown, confidence, id);
    }

    /// <summary>Whether the examples of <paramref name="intent"/> use every one of <paramref name="stems"/>.</summary>
    private bool Covers(int intent, List<string> stems)
    {
        foreach (var stem in stems)
        {
            if (!_stemIntents.TryGetValue(stem, out var intents) || !intents.Contains(intent))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The best intent and its score.</summary>
    private (int Intent, double Score) Best(List<string> stems, bool allowSocial)
    {
        var words = new Dictionary<ulong, float>();
        FeatureHasher.AddWordFeatures(stems, words);
        var chars = new Dictionary<ulong, float>();
        FeatureHasher.AddCharFeatures(stems, chars);

        var examples = _exampleIntent.Length;
        var rented = ArrayPool<double>.Shared.Rent(examples + _intentIds.Length);
        try
        {
            var scores = rented.AsSpan(0, examples + _intentIds.Length);
            scores.Clear();
            _words.Accumulate(words, scores, WordWeight);
            _chars.Accumulate(chars, scores, 1 - WordWeight);

            // The best example of each intent.
            Span<double> bestExample = _intentIds.Length <= 128 ? stackalloc double[_intentIds.Length] : new double[_intentIds.Length];
            bestExample.Clear();
            for (var e = 0; e < examples; e++)
            {
                var intent = _exampleIntent[e];
                bestExample[intent] = Math.Max(bestExample[intent], scores[e]);
            }

            var best = -1;
            var bestScore = 0.0;
            for (var i = 0; i < _intentIds.Length; i++)
            {
                var score = (ExampleWeight * bestExample[i]) + ((1 - ExampleWeight) * scores[examples + i]);
                if (score > bestScore && (allowSocial || !_intentSocial[i]))
                {
                    best = i;
                    bestScore = score;
                }
            }

            return (best, bestScore);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }
}
