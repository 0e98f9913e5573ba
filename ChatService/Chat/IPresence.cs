namespace ChatService.Chat;

/// <summary>
/// Live presence: which connection is in which room under which name. The in-memory tracker serves one
/// node; a cluster-wide one (Redis) keeps the same surface.
/// </summary>
public interface IPresence
{
    /// <summary>Puts a connection in a room (leaving any previous one); returns the previous entry.</summary>
    PresenceEntry? Enter(PresenceEntry entry);

    /// <summary>Removes a connection; returns its entry, or null when it was in no room.</summary>
    PresenceEntry? Leave(string userId);

    /// <summary>A connection's entry, or null.</summary>
    PresenceEntry? Get(string userId);

    /// <summary>How many connections are in <paramref name="roomId"/>.</summary>
    int CountInRoom(string roomId);

    /// <summary>How many connections are in a room.</summary>
    int ActiveUsers { get; }

    /// <summary>Connections per occupied room.</summary>
    IReadOnlyDictionary<string, int> RoomCounts();
}
