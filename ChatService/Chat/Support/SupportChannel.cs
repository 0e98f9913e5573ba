using ChatService.Chat.Contracts;
using ChatService.SocketIO;

namespace ChatService.Chat.Support;

/// <summary>How the support desk reaches people: the agents' room, and one user's connection.</summary>
public sealed class SupportChannel
{
    /// <summary>The room every agent connection joins. '#' keeps it out of reach of <c>join_room</c>.</summary>
    public const string AgentsRoom = "#agents";

    private readonly SocketIOServer _io;

    /// <summary>Creates the channel.</summary>
    public SupportChannel(SocketIOServer io)
    {
        _io = io;
    }

    /// <summary>How many agents are connected to this node.</summary>
    public int AgentCount => _io.Of("/").Adapter.CountInRoom(AgentsRoom);

    /// <summary>Sends <c>handoff_requested</c> to every agent.</summary>
    public ValueTask NotifyAgentsAsync(HandoffRequestedEvent request) =>
        _io.Of("/").To(AgentsRoom).EmitAsync(ChatEvents.HandoffRequested, request, ChatJsonContext.Default.HandoffRequestedEvent);

    /// <summary>Sends <c>handoff_status</c> to the user and to every agent.</summary>
    public ValueTask SendStatusAsync(HandoffStatusEvent status) =>
        _io.Of("/").To(status.UserId).To(AgentsRoom).EmitAsync(ChatEvents.HandoffStatus, status, ChatJsonContext.Default.HandoffStatusEvent);
}
