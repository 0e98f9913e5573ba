namespace ChatService.Bot;

/// <summary>Keys of the <c>messages</c> section of the knowledge base; all of them are required.</summary>
internal static class BotMessageKeys
{
    /// <summary>The answer to a message that was not understood: asks to rephrase and offers a person.</summary>
    public const string Fallback = "fallback";

    /// <summary>Greets a user who joins the support room.</summary>
    public const string Welcome = "welcome";

    /// <summary>The user asked for a person: a person will take over.</summary>
    public const string HandoffRequested = "handoff_requested";

    /// <summary>The bot failed to understand several times in a row: a person will take over.</summary>
    public const string HandoffAfterFailures = "handoff_after_failures";

    /// <summary>The user asks again while already waiting for a person.</summary>
    public const string HandoffStillWaiting = "handoff_still_waiting";

    /// <summary>An agent accepted the hand-off.</summary>
    public const string HandoffAccepted = "handoff_accepted";

    /// <summary>The agent released the user: the bot answers again.</summary>
    public const string HandoffReleased = "handoff_released";

    /// <summary>Nobody accepted the hand-off in time: an apology with the contact e-mail.</summary>
    public const string HandoffUnavailable = "handoff_unavailable";

    /// <summary>Every required key.</summary>
    public static readonly string[] Required =
    [
        Fallback, Welcome, HandoffRequested, HandoffAfterFailures, HandoffStillWaiting,
        HandoffAccepted, HandoffReleased, HandoffUnavailable,
    ];
}
