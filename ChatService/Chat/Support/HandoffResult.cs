namespace ChatService.Chat.Support;

/// <summary>The outcome of an agent's accept or release.</summary>
public enum HandoffResult
{
    /// <summary>Done.</summary>
    Ok,
    /// <summary>No pending or active hand-off for that user.</summary>
    NotFound,
    /// <summary>Another agent already handles that user.</summary>
    TakenByAnotherAgent,
}
