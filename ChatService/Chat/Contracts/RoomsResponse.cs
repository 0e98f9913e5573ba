namespace ChatService.Chat.Contracts;

/// <summary><c>GET /api/chat/rooms</c>.</summary>
public sealed record RoomsResponse(IReadOnlyList<RoomDto> Rooms);
