namespace ChatService.Chat.Support;

/// <summary>Support desk settings, bound from the <c>Support</c> configuration section.</summary>
public sealed class SupportOptions
{
    /// <summary>
    /// The token agents present in the handshake <c>auth</c> (<c>{agent_token: "…"}</c>) and in the
    /// <c>X-Agent-Token</c> header of the support REST routes. Empty (the default) disables agent access.
    /// Set it with <c>Support__AgentToken</c> in the environment, not in a committed file.
    /// </summary>
    public string AgentToken { get; set; } = "";

    /// <summary>The room where the bot answers and hand-offs happen. The default is <c>support</c>.</summary>
    public string Room { get; set; } = "support";
}
