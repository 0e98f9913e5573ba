namespace ChatService.Chat.Contracts;

/// <summary><c>user_joined</c>: sent to the whole room, joiner included.</summary>
public sealed record UserJoinedEvent(string UserId, string Username, string Room, string Timestamp, int UsersCount);
