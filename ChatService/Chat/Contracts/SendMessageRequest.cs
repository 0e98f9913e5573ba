namespace ChatService.Chat.Contracts;

/// <summary><c>send_message</c> payload; <see cref="ClientId"/> makes resends idempotent.</summary>
public sealed record SendMessageRequest(string? RoomId, string? Message, string? Username, string? ClientId);
