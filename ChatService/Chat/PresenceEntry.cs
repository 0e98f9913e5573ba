namespace ChatService.Chat;

/// <summary>Who a connection is and where it is.</summary>
/// <param name="UserId">The socket id.</param>
/// <param name="Username">The name bound at join.</param>
/// <param name="RoomId">The room the connection is in.</param>
/// <param name="Since">When it joined the room.</param>
public sealed record PresenceEntry(string UserId, string Username, string RoomId, DateTimeOffset Since);
