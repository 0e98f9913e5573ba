namespace ChatService.Chat.Contracts;

/// <summary><c>join_room</c> payload.</summary>
public sealed record JoinRoomRequest(string? RoomId, string? Username);
