namespace ChatService.Chat.Contracts;

/// <summary>What the chat keeps with a disconnected session for recovery: who it was, where, and the last message it had.</summary>
public sealed record RecoveryState(string? Username, string? RoomId, long Watermark);
