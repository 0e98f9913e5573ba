namespace ChatService.EngineIO;

/// <summary>What a session's next heartbeat event is, in the <see cref="HeartbeatScheduler"/>.</summary>
internal enum HeartbeatWait : byte
{
    /// <summary>Not scheduled (not started, or closed).</summary>
    None,

    /// <summary>The next ping is due.</summary>
    Ping,

    /// <summary>The pong deadline of the ping sent.</summary>
    Pong,
}
