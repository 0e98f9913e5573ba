namespace ChatService.EngineIO;

/// <summary>The outcome of registering a long-polling GET on a session.</summary>
internal enum PollStart
{
    /// <summary>The GET is the session's poll: it reads the outbound queue.</summary>
    Started,

    /// <summary>Another GET is already pending: a protocol violation.</summary>
    Concurrent,

    /// <summary>The session has moved to WebSocket: polling requests are refused.</summary>
    Upgraded,
}
