using ChatService.Chat.Support;

namespace ChatService.Bot.Support;

/// <summary>One user's conversation with the support desk; only touched under the coordinator's lock.</summary>
internal sealed class SupportConversation(string userId, string username, string roomId)
{
    public string UserId { get; } = userId;

    public string Username { get; set; } = username;

    public string RoomId { get; set; } = roomId;

    public HandoffState State { get; set; } = HandoffState.Bot;

    /// <summary>Messages in a row the bot did not understand.</summary>
    public int Failures { get; set; }

    public string? AgentId { get; set; }

    public string? AgentName { get; set; }

    public string RequestMessage { get; set; } = "";

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>Fires when nobody accepted the hand-off in time.</summary>
    public ITimer? Timeout { get; set; }

    public HandoffInfo ToInfo() => new(UserId, Username, RoomId, State, RequestMessage, RequestedAt, AgentId, AgentName);
}
