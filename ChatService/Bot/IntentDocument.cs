namespace ChatService.Bot;

/// <summary>One intent of the knowledge base file.</summary>
internal sealed class IntentDocument
{
    /// <summary>The intent id (lower-case letters, digits and underscores).</summary>
    public string Id { get; set; } = "";

    /// <summary>
    /// Small talk (greeting, thanks, goodbye): when such words come with a question, the question is answered.
    /// </summary>
    public bool Social { get; set; }

    /// <summary>Ways users say it.</summary>
    public List<string> Examples { get; set; } = [];

    /// <summary>What the bot answers; one is picked per reply.</summary>
    public List<string> Answers { get; set; } = [];
}
