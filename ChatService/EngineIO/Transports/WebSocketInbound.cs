using System.Net.WebSockets;

namespace ChatService.EngineIO.Transports;

/// <summary>
/// One thing read from the client: a message (<see cref="Data"/> is a new array the caller owns), a control frame,
/// or a protocol failure with the close status it calls for.
/// </summary>
internal readonly record struct WebSocketInbound(WebSocketInboundKind Kind, byte[] Data, bool IsBinary, WebSocketCloseStatus Status)
{
    public static WebSocketInbound Invalid(WebSocketCloseStatus status) => new(WebSocketInboundKind.Invalid, [], false, status);

    public static WebSocketInbound Ended => new(WebSocketInboundKind.Ended, [], false, WebSocketCloseStatus.Empty);
}
