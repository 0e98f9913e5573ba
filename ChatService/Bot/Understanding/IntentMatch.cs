namespace ChatService.Bot.Understanding;

/// <summary>What a message is about.</summary>
/// <param name="Intent">The intent id, or <c>unknown</c> when the confidence is under the threshold.</param>
/// <param name="Confidence">How sure the matcher is, from 0 to 1.</param>
/// <param name="Candidate">The best intent found, even under the threshold (for diagnostics and tuning).</param>
internal readonly record struct IntentMatch(string Intent, double Confidence, string Candidate)
{
    /// <summary>Whether the message was not understood (the bot should answer with the fallback).</summary>
    public bool IsUnknown => Intent == BotIntents.Unknown;

    /// <summary>A match for a message with nothing to understand.</summary>
    public static IntentMatch Nothing { get; } = new(BotIntents.Unknown, 0, BotIntents.Unknown);
}
