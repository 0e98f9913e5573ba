namespace ChatService.Bot;

/// <summary>Intent ids the code relies on; every other intent is defined by the knowledge base alone.</summary>
internal static class BotIntents
{
    /// <summary>The intent of a message that was not understood (confidence under the threshold).</summary>
    public const string Unknown = "unknown";

    /// <summary>The user asks for a person; the knowledge base must define it.</summary>
    public const string HumanHandoff = "human_handoff";

    /// <summary>A greeting.</summary>
    public const string Greeting = "greeting";

    /// <summary>Thanks.</summary>
    public const string Thanks = "thanks";

    /// <summary>Goodbye.</summary>
    public const string Goodbye = "goodbye";
}
