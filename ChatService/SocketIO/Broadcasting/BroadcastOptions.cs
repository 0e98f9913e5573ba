using System.Collections.Immutable;

namespace ChatService.SocketIO.Broadcasting;

/// <summary>
/// Who a broadcast reaches: the sockets in any of <see cref="Rooms"/> (every socket of the namespace when
/// empty), minus those in any of <see cref="ExceptRooms"/>. A socket id is also a room, so excepting one
/// socket is excepting its room. <see cref="Local"/> keeps the broadcast on this node.
/// </summary>
public sealed record BroadcastOptions(ImmutableHashSet<string> Rooms, ImmutableHashSet<string> ExceptRooms, bool Local)
{
    /// <summary>Every socket of the namespace.</summary>
    public static BroadcastOptions All { get; } = new(ImmutableHashSet.Create<string>(StringComparer.Ordinal), ImmutableHashSet.Create<string>(StringComparer.Ordinal), Local: false);

    /// <summary>The sockets in <paramref name="room"/>.</summary>
    internal static BroadcastOptions ToRoom(string room) => All with { Rooms = All.Rooms.Add(room) };
}
