namespace ChatService.Chat.Contracts;

/// <summary><c>GET /api/chat/history/{room_id}</c>: messages oldest first; <see cref="HasMore"/> when older ones exist.</summary>
public sealed record HistoryResponse(string RoomId, IReadOnlyList<NewMessageEvent> Messages, bool HasMore);
