namespace ChatService.Chat.Contracts;

/// <summary>
/// <c>handoff_status</c>: sent to the user (and to agents) when their hand-off changes:
/// <c>state</c> is <c>waiting</c>, <c>human</c> or <c>bot</c>.
/// </summary>
public sealed record HandoffStatusEvent(string UserId, string State, string? AgentName, string Timestamp);
