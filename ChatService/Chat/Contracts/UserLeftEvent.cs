namespace ChatService.Chat.Contracts;

/// <summary><c>user_left</c>: sent to the room a connection left (by joining another, leaving, or disconnecting).</summary>
public sealed record UserLeftEvent(string UserId, string Username, string Room, string Timestamp, int UsersCount);
