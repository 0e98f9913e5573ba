namespace ChatService.Chat;

/// <summary>A stored message. <see cref="Id"/> is the store's sequence: it grows with every message of the service.</summary>
/// <param name="Id">The store's sequence number (unique, increasing).</param>
/// <param name="RoomId">The room.</param>
/// <param name="UserId">The author's socket id (<c>bot</c> for the bot).</param>
/// <param name="Username">The author's display name.</param>
/// <param name="Text">The sanitized text.</param>
/// <param name="Timestamp">When the server accepted it (UTC).</param>
/// <param name="Kind">User, bot or system.</param>
/// <param name="ClientId">The client's idempotency key, when it sent one.</param>
public sealed record ChatMessage(long Id, string RoomId, string UserId, string Username, string Text, DateTimeOffset Timestamp, MessageKind Kind, string? ClientId = null);
