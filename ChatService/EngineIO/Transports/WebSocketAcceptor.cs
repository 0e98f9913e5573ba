using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace ChatService.EngineIO.Transports;

/// <summary>
/// Completes the WebSocket handshake. Over HTTP/1.1 it upgrades the connection itself (RFC 6455 §4.2.2) so that
/// the frame writer can batch frames on the raw stream; otherwise (HTTP/2 WebSockets) it lets ASP.NET Core
/// accept and frames go out one by one.
/// </summary>
internal static class WebSocketAcceptor
{
    private const string Rfc6455Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static async Task<(WebSocket Socket, WebSocketFrameWriter Writer)> AcceptAsync(HttpContext context, WebSocketAcceptContext fallback)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var key = context.Request.Headers.SecWebSocketKey.ToString();
        if (upgrade is not { IsUpgradableRequest: true } || key.Length == 0)
        {
            var accepted = await context.WebSockets.AcceptWebSocketAsync(fallback).ConfigureAwait(false);
            return (accepted, new WebSocketFrameWriter(accepted, null));
        }

        var headers = context.Response.Headers;
        headers.Connection = "Upgrade";
        headers.Upgrade = "websocket";
        headers.SecWebSocketAccept = AcceptKey(key);
        var stream = new SerializedWriteStream(await upgrade.UpgradeAsync().ConfigureAwait(false));
        var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        return (socket, new WebSocketFrameWriter(socket, stream));
    }

    /// <summary>The <c>Sec-WebSocket-Accept</c> answer to a <c>Sec-WebSocket-Key</c> (RFC 6455 §4.2.2).</summary>
    internal static string AcceptKey(string key)
    {
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(Encoding.ASCII.GetBytes(key + Rfc6455Guid), hash);
        return Convert.ToBase64String(hash);
    }
}
