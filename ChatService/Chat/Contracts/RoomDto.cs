namespace ChatService.Chat.Contracts;

/// <summary>A room in <c>GET /api/chat/rooms</c>.</summary>
public sealed record RoomDto(string Id, string Name, string Description, int UsersCount);
