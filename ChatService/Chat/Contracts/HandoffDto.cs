namespace ChatService.Chat.Contracts;

/// <summary>A hand-off as listed to agents.</summary>
public sealed record HandoffDto(string UserId, string Username, string RoomId, string State, string Message, string RequestedAt, string? AgentId, string? AgentName);
