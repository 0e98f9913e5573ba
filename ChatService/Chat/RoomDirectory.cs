using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ChatService.Chat;

/// <summary>The configured rooms, the room-id policy, and live counts.</summary>
public sealed partial class RoomDirectory
{
    private readonly ChatOptions _options;
    private readonly IPresence _presence;
    private readonly Dictionary<string, RoomOptions> _configured;

    /// <summary>Creates the directory.</summary>
    public RoomDirectory(IOptions<ChatOptions> options, IPresence presence)
    {
        _options = options.Value;
        _presence = presence;
        _configured = _options.EffectiveRooms.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>Whether a client may join (and post to) <paramref name="roomId"/>.</summary>
    public bool IsAllowed(string roomId) =>
        _configured.ContainsKey(roomId) || (_options.RoomPolicy == RoomPolicy.Open && OpenRoomId().IsMatch(roomId));

    /// <summary>Whether <paramref name="roomId"/> is a configured room.</summary>
    public bool IsConfigured(string roomId) => _configured.ContainsKey(roomId);

    /// <summary>The configured rooms, then any other occupied room, each with its live user count.</summary>
    public IReadOnlyList<RoomInfo> List()
    {
        var counts = _presence.RoomCounts();
        var result = new List<RoomInfo>(_configured.Count + counts.Count);
        foreach (var room in _options.EffectiveRooms)
        {
            result.Add(new RoomInfo(room.Id, room.Name, room.Description, counts.GetValueOrDefault(room.Id)));
        }

        foreach (var (id, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (!_configured.ContainsKey(id))
            {
                result.Add(new RoomInfo(id, id, "", count));
            }
        }

        return result;
    }

    /// <summary>How many rooms exist: the configured ones plus other occupied rooms.</summary>
    public int Count() => List().Count;

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex OpenRoomId();
}
