namespace ChatService.EngineIO.Transports;

/// <summary>What the client sent, as read by <see cref="WebSocketFrameParser"/>.</summary>
internal enum WebSocketInboundKind
{
    /// <summary>A whole data message (its fragments joined).</summary>
    Message,

    /// <summary>A ping: the payload goes back in a pong.</summary>
    Ping,

    /// <summary>A pong (unsolicited: the server sends no pings of its own at this level).</summary>
    Pong,

    /// <summary>A close frame.</summary>
    Close,

    /// <summary>The client broke the protocol: the connection is closed with the status given.</summary>
    Invalid,

    /// <summary>The connection ended without a close frame.</summary>
    Ended,
}
