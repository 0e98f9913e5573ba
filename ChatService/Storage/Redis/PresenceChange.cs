using ChatService.Chat;

namespace ChatService.Storage.Redis;

/// <summary>One connection's new state: in a room (<see cref="Entry"/>), or gone (null).</summary>
internal readonly record struct PresenceChange(string UserId, PresenceEntry? Entry);
