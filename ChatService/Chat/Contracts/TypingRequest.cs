namespace ChatService.Chat.Contracts;

/// <summary><c>typing</c> payload.</summary>
public sealed record TypingRequest(string? RoomId, string? Username, bool? IsTyping);
