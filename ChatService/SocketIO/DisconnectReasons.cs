using ChatService.EngineIO;

namespace ChatService.SocketIO;

/// <summary>Conversions for <see cref="DisconnectReason"/>.</summary>
public static class DisconnectReasons
{
    /// <summary>The reason as the Node reference server words it (<c>"transport close"</c>…).</summary>
    public static string ToWireString(this DisconnectReason reason) => reason switch
    {
        DisconnectReason.ClientNamespaceDisconnect => "client namespace disconnect",
        DisconnectReason.ServerNamespaceDisconnect => "server namespace disconnect",
        DisconnectReason.TransportClose => "transport close",
        DisconnectReason.TransportError => "transport error",
        DisconnectReason.PingTimeout => "ping timeout",
        DisconnectReason.ParseError => "parse error",
        DisconnectReason.ForcedServerClose => "forced server close",
        DisconnectReason.ServerShuttingDown => "server shutting down",
        DisconnectReason.SlowConsumer => "slow consumer",
        _ => "unknown",
    };

    internal static DisconnectReason FromEngineIO(EngineIOCloseReason reason) => reason switch
    {
        EngineIOCloseReason.TransportClose => DisconnectReason.TransportClose,
        EngineIOCloseReason.TransportError => DisconnectReason.TransportError,
        EngineIOCloseReason.PingTimeout => DisconnectReason.PingTimeout,
        EngineIOCloseReason.ParseError or EngineIOCloseReason.ProtocolViolation => DisconnectReason.ParseError,
        EngineIOCloseReason.ServerShutdown => DisconnectReason.ServerShuttingDown,
        EngineIOCloseReason.SlowConsumer => DisconnectReason.SlowConsumer,
        _ => DisconnectReason.ForcedServerClose,
    };
}
