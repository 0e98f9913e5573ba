namespace ChatService.Chat.Contracts;

/// <summary><c>handoff_accept</c> / <c>handoff_release</c> payload from an agent.</summary>
public sealed record HandoffRequest(string? UserId);
