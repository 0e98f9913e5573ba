namespace ChatService.Chat.Support;

/// <summary>Who answers a user in the support room.</summary>
public enum HandoffState
{
    /// <summary>The bot answers.</summary>
    Bot,
    /// <summary>A person was asked for; agents were notified; nobody has accepted yet.</summary>
    Waiting,
    /// <summary>An agent handles the user; the bot stays quiet for them.</summary>
    Human,
}
