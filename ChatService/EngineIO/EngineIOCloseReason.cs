namespace ChatService.EngineIO;

/// <summary>Why an Engine.IO session ended.</summary>
public enum EngineIOCloseReason
{
    /// <summary>The client closed the connection or sent a close packet.</summary>
    TransportClose,
    /// <summary>The connection failed (network error, broken frame, send failure).</summary>
    TransportError,
    /// <summary>The client did not answer a ping within the ping timeout.</summary>
    PingTimeout,
    /// <summary>The client sent something that is not valid Engine.IO (or, from the layer above, Socket.IO).</summary>
    ParseError,
    /// <summary>The server closed the session on purpose.</summary>
    ForcedClose,
    /// <summary>The host is stopping.</summary>
    ServerShutdown,
    /// <summary>The client fell too far behind: its outbound queue overflowed.</summary>
    SlowConsumer,
    /// <summary>A protocol rule was broken (for example a second concurrent poll).</summary>
    ProtocolViolation,
}
