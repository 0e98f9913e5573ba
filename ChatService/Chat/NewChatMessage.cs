namespace ChatService.Chat;

/// <summary>A message about to be stored (the store assigns the id).</summary>
public sealed record NewChatMessage(string RoomId, string UserId, string Username, string Text, DateTimeOffset Timestamp, MessageKind Kind, string? ClientId = null);
