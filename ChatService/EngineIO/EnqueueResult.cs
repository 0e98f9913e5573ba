namespace ChatService.EngineIO;

/// <summary>What <see cref="OutboundQueue.TryEnqueue"/> did with a packet.</summary>
internal enum EnqueueResult
{
    /// <summary>Queued.</summary>
    Queued,

    /// <summary>Refused: the queue holds its limit already.</summary>
    Full,

    /// <summary>Refused: the session has ended.</summary>
    Completed,
}
