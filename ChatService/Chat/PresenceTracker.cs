using System.Collections.Concurrent;

namespace ChatService.Chat;

/// <summary>In-memory <see cref="IPresence"/> for one node.</summary>
public sealed class PresenceTracker : IPresence
{
    private readonly ConcurrentDictionary<string, PresenceEntry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _roomCounts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public int ActiveUsers => _entries.Count;

    /// <inheritdoc />
    public PresenceEntry? Enter(PresenceEntry entry)
    {
        lock (_gate)
        {
            _entries.TryGetValue(entry.UserId, out var previous);
            if (previous is not null)
            {
                Decrement(previous.RoomId);
            }

            _entries[entry.UserId] = entry;
            _roomCounts.AddOrUpdate(entry.RoomId, 1, static (_, n) => n + 1);
            return previous;
        }
    }

    /// <inheritdoc />
    public PresenceEntry? Leave(string userId)
    {
        lock (_gate)
        {
            if (!_entries.TryRemove(userId, out var previous))
            {
                return null;
            }

            Decrement(previous.RoomId);
            return previous;
        }
    }

    /// <inheritdoc />
    public PresenceEntry? Get(string userId) => _entries.GetValueOrDefault(userId);

    /// <inheritdoc />
    public int CountInRoom(string roomId) => _roomCounts.GetValueOrDefault(roomId);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, int> RoomCounts() => new Dictionary<string, int>(_roomCounts);

    private void Decrement(string roomId)
    {
        if (_roomCounts.TryGetValue(roomId, out var count))
        {
            if (count <= 1)
            {
                _roomCounts.TryRemove(roomId, out _);
            }
            else
            {
                _roomCounts[roomId] = count - 1;
            }
        }
    }
}
