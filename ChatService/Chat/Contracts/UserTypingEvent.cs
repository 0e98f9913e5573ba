namespace ChatService.Chat.Contracts;

/// <summary><c>user_typing</c>: sent to the others in the room.</summary>
public sealed record UserTypingEvent(string UserId, string Username, bool IsTyping, string RoomId);
