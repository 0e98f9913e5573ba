namespace ChatService.Chat.Contracts;

/// <summary><c>leave_room</c> payload (optional).</summary>
public sealed record LeaveRoomRequest(string? RoomId);
