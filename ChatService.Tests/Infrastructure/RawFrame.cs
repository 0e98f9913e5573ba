using System.Net.WebSockets;
using System.Text;

namespace ChatService.Tests.Infrastructure;

/// <summary>One WebSocket frame as received: text, binary, or the close frame (with its status, if any).</summary>
public sealed record RawFrame(WebSocketMessageType Type, byte[] Data, WebSocketCloseStatus? CloseStatus)
{
    public bool IsClose => Type == WebSocketMessageType.Close;

    public string Text => Encoding.UTF8.GetString(Data);

    public override string ToString() => Type switch
    {
        WebSocketMessageType.Text => $"text '{Text}'",
        WebSocketMessageType.Binary => $"binary [{Convert.ToHexString(Data)}]",
        _ => $"close {CloseStatus?.ToString() ?? "(aborted)"}",
    };
}
