namespace ChatService.Chat.Support;

/// <summary>A pending or active hand-off.</summary>
/// <param name="UserId">The user's socket id.</param>
/// <param name="Username">The user's name.</param>
/// <param name="RoomId">Where the conversation happens.</param>
/// <param name="State">Waiting or Human.</param>
/// <param name="Message">The message that triggered the request.</param>
/// <param name="RequestedAt">When the request was made.</param>
/// <param name="AgentId">The agent's socket id once accepted.</param>
/// <param name="AgentName">The agent's name once accepted.</param>
public sealed record HandoffInfo(string UserId, string Username, string RoomId, HandoffState State, string Message, DateTimeOffset RequestedAt, string? AgentId, string? AgentName);
