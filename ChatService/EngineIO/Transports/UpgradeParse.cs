namespace ChatService.EngineIO.Transports;

/// <summary>What <see cref="UpgradeRequest.TryParse"/> made of a connection's first bytes.</summary>
internal enum UpgradeParse
{
    /// <summary>Not enough bytes yet to tell.</summary>
    Incomplete,

    /// <summary>Not a plain WebSocket handshake: the HTTP pipeline takes the connection.</summary>
    NotOurs,

    /// <summary>A complete WebSocket handshake request.</summary>
    Parsed,
}
