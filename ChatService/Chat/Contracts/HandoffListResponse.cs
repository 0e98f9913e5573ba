namespace ChatService.Chat.Contracts;

/// <summary><c>GET /api/chat/support/handoffs</c>.</summary>
public sealed record HandoffListResponse(IReadOnlyList<HandoffDto> Handoffs);
