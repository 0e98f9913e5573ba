namespace ChatService.Chat;

/// <summary>What the chat knows about one connection; touched only by that socket's handlers (which run one at a time).</summary>
internal sealed class ChatConnectionState
{
    public const string Key = "chat.state";

    /// <summary>The name bound at the last join.</summary>
    public string? Username { get; set; }

    /// <summary>The room the connection is in (one at a time).</summary>
    public string? RoomId { get; set; }
}
