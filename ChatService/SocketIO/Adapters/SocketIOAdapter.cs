using ChatService.EngineIO;
using ChatService.SocketIO.Broadcasting;

namespace ChatService.SocketIO.Adapters;

/// <summary>
/// Room membership and fan-out for one namespace. The in-memory adapter serves one node; a scale-out
/// adapter (Redis) keeps the same surface, handles delivery on this node the same way and forwards the
/// already-encoded packet to the other nodes.
/// </summary>
public abstract class SocketIOAdapter
{
    /// <summary>Creates the adapter of <paramref name="ns"/>.</summary>
    protected SocketIOAdapter(SocketIONamespace ns)
    {
        Namespace = ns;
    }

    /// <summary>The namespace served.</summary>
    protected SocketIONamespace Namespace { get; }

    /// <summary>Adds a socket to a room.</summary>
    public abstract void AddToRoom(SocketContext socket, string room);

    /// <summary>Removes a socket from a room.</summary>
    public abstract void RemoveFromRoom(SocketContext socket, string room);

    /// <summary>Removes a socket from every room.</summary>
    public abstract void RemoveFromAllRooms(SocketContext socket);

    /// <summary>The rooms a local socket is in.</summary>
    public abstract IReadOnlyCollection<string> GetRooms(string socketId);

    /// <summary>The local sockets matching <paramref name="options"/>.</summary>
    public abstract IReadOnlyCollection<SocketContext> GetSockets(BroadcastOptions options);

    /// <summary>How many local sockets are in <paramref name="room"/>.</summary>
    public abstract int CountInRoom(string room);

    /// <summary>
    /// Delivers an encoded packet to every socket matching <paramref name="options"/>. <paramref name="offset"/>
    /// is the packet's recovery offset, when it carries one (see <see cref="SocketContext.Deliver"/>).
    /// </summary>
    public abstract ValueTask BroadcastAsync(OutboundMessage packet, BroadcastOptions options, string? offset = null);

    /// <summary>
    /// Delivers an encoded packet to the sockets in <paramref name="room"/>: the same as <see cref="BroadcastAsync"/>
    /// with that one room, which an adapter may serve without building the options.
    /// </summary>
    public virtual ValueTask BroadcastToRoomAsync(OutboundMessage packet, string room, string? offset = null) =>
        BroadcastAsync(packet, BroadcastOptions.ToRoom(room), offset);
}
