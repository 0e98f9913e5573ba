namespace ChatService.Bot;

/// <summary>The knowledge base file as written by operators (see <c>knowledge-base.pt-BR.json</c>).</summary>
internal sealed class KnowledgeBaseDocument
{
    /// <summary>The language tag, informative only (<c>pt-BR</c>).</summary>
    public string? Language { get; set; }

    /// <summary>Chat abbreviations and their expansion (<c>vc</c> → <c>você</c>); applied before anything else.</summary>
    public Dictionary<string, string> Abbreviations { get; set; } = [];

    /// <summary>Canonical word → words or phrases that mean the same for the bot (<c>alimentação</c> → comida, fome…).</summary>
    public Dictionary<string, List<string>> Synonyms { get; set; } = [];

    /// <summary>The intents, each with example phrasings and answers.</summary>
    public List<IntentDocument> Intents { get; set; } = [];

    /// <summary>Fixed messages of the conversation flow (fallback, hand-off…), each with one or more variants.</summary>
    public Dictionary<string, List<string>> Messages { get; set; } = [];
}
