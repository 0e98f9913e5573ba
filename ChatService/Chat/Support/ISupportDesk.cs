namespace ChatService.Chat.Support;

/// <summary>
/// The hand-off state machine (bot → waiting → human → bot), implemented by the Bot layer. The chat's socket
/// handlers call it for agents' events and for users who leave.
/// </summary>
public interface ISupportDesk
{
    /// <summary>An agent takes over a waiting (or released) user.</summary>
    ValueTask<HandoffResult> AcceptAsync(string agentId, string agentName, string userId);

    /// <summary>An agent gives the user back to the bot.</summary>
    ValueTask<HandoffResult> ReleaseAsync(string agentId, string userId);

    /// <summary>A connection left the support room or disconnected: forget it (user), or release its users (agent).</summary>
    ValueTask OnConnectionLeftAsync(string connectionId);

    /// <summary>Pending and active hand-offs.</summary>
    IReadOnlyList<HandoffInfo> List();
}
