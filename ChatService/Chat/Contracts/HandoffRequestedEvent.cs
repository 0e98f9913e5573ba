namespace ChatService.Chat.Contracts;

/// <summary><c>handoff_requested</c>: sent to every connected agent.</summary>
public sealed record HandoffRequestedEvent(string UserId, string Username, string RoomId, string Message, string Timestamp);
