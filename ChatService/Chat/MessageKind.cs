namespace ChatService.Chat;

/// <summary>Who wrote a message; on the wire as <c>type</c>: <c>user</c>, <c>bot</c> or <c>system</c>.</summary>
public enum MessageKind
{
    /// <summary>A person.</summary>
    User,
    /// <summary>The support bot.</summary>
    Bot,
    /// <summary>The service itself.</summary>
    System,
}
