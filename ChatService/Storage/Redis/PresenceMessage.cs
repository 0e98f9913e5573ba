namespace ChatService.Storage.Redis;

/// <summary>A decoded presence-channel message.</summary>
internal sealed record PresenceMessage(PresenceMessageKind Kind, string NodeId, IReadOnlyList<PresenceChange> Changes);
