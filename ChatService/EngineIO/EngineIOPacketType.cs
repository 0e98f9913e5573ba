namespace ChatService.EngineIO;

/// <summary>
/// Engine.IO v4 packet types. On the wire the type is one ASCII digit before the data.
/// </summary>
/// <remarks>
/// | type | digit | meaning |
/// |---|---|---|
/// | Open | 0 | server → client, the handshake JSON |
/// | Close | 1 | either side closes the session |
/// | Ping | 2 | server heartbeat (and the client's <c>2probe</c> during an upgrade) |
/// | Pong | 3 | answer to a ping (and the server's <c>3probe</c>) |
/// | Message | 4 | application data |
/// | Upgrade | 5 | client → server, completes the switch to WebSocket |
/// | Noop | 6 | no operation; releases a pending poll during an upgrade |
/// </remarks>
public enum EngineIOPacketType : byte
{
    /// <summary>Handshake sent by the server.</summary>
    Open = 0,
    /// <summary>Closes the session.</summary>
    Close = 1,
    /// <summary>Heartbeat request.</summary>
    Ping = 2,
    /// <summary>Heartbeat answer.</summary>
    Pong = 3,
    /// <summary>Application message.</summary>
    Message = 4,
    /// <summary>Upgrade completed.</summary>
    Upgrade = 5,
    /// <summary>No operation.</summary>
    Noop = 6,
}
