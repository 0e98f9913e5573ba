namespace ChatService.Chat.Contracts;

/// <summary><c>room_joined</c>: sent to the joiner, with the room's recent history (oldest first).</summary>
public sealed record RoomJoinedEvent(string RoomId, string Message, int UsersCount, string Username, IReadOnlyList<NewMessageEvent> History);
