using ChatService.Bot.Understanding;

namespace ChatService.Bot;

/// <summary>
/// A loaded, validated knowledge base with its matcher index built: immutable, shared by every conversation until the
/// file changes and <see cref="KnowledgeBaseProvider"/> swaps in a new one.
/// </summary>
internal sealed class KnowledgeBase
{
    private readonly Dictionary<string, KnowledgeBaseIntent> _intents;
    private readonly Dictionary<string, IReadOnlyList<string>> _messages;

    /// <summary>Creates the knowledge base; <see cref="KnowledgeBaseLoader"/> validates the parts first.</summary>
    public KnowledgeBase(
        IReadOnlyList<KnowledgeBaseIntent> intents,
        IReadOnlyDictionary<string, IReadOnlyList<string>> messages,
        IntentMatcher matcher,
        string source)
    {
        Intents = intents;
        _intents = intents.ToDictionary(static i => i.Id, StringComparer.Ordinal);
        _messages = new Dictionary<string, IReadOnlyList<string>>(messages, StringComparer.Ordinal);
        Matcher = matcher;
        Source = source;
    }

    /// <summary>The intents, in file order.</summary>
    public IReadOnlyList<KnowledgeBaseIntent> Intents { get; }

    /// <summary>The matcher built over the examples.</summary>
    public IntentMatcher Matcher { get; }

    /// <summary>Where the knowledge base was loaded from (a path, or a description for in-memory text).</summary>
    public string Source { get; }

    /// <summary>Finds the intent of a user message; never throws.</summary>
    public IntentMatch Match(string? text) => Matcher.Match(text);

    /// <summary>Whether the knowledge base defines <paramref name="intent"/>.</summary>
    public bool HasIntent(string intent) => _intents.ContainsKey(intent);

    /// <summary>
    /// A random answer of <paramref name="intent"/>; the fallback message for <c>unknown</c> or an intent the knowledge
    /// base does not define (it may have been removed by a reload).
    /// </summary>
    public string PickAnswer(string intent, Random random) => Pick(Answers(intent), random.Next());

    /// <summary>The answer of <paramref name="intent"/> at position <paramref name="turn"/> modulo the count (rotation).</summary>
    public string PickAnswer(string intent, int turn) => Pick(Answers(intent), turn);

    /// <summary>A random variant of the message <paramref name="key"/> (see <see cref="BotMessageKeys"/>).</summary>
    public string PickMessage(string key, Random random) => Pick(Message(key), random.Next());

    /// <summary>The variant of message <paramref name="key"/> at position <paramref name="turn"/> modulo the count.</summary>
    public string PickMessage(string key, int turn) => Pick(Message(key), turn);

    private IReadOnlyList<string> Answers(string intent) =>
        _intents.TryGetValue(intent, out var found) ? found.Answers : Message(BotMessageKeys.Fallback);

    private IReadOnlyList<string> Message(string key) =>
        _messages.TryGetValue(key, out var variants) ? variants : _messages[BotMessageKeys.Fallback];

    private static string Pick(IReadOnlyList<string> variants, int turn) =>
        variants[(int)((uint)turn % (uint)variants.Count)];
}
