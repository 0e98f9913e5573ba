using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace ChatService.EngineIO.Transports;

/// <summary>
/// Completes the WebSocket handshake of a request in the HTTP pipeline and hands back the connection's two
/// directions: over HTTP/1.1 it upgrades the connection itself (RFC 6455 §4.2.2); over HTTP/2 it accepts the
/// extended CONNECT (RFC 8441), whose stream carries the same frames.
/// </summary>
internal static class WebSocketAcceptor
{
    private const string Rfc6455Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    // A zero-byte read first: a connection waiting for its client holds no buffer.
    private static readonly StreamPipeReaderOptions ReaderOptions = new(leaveOpen: true, useZeroByteReads: true);
    private static readonly StreamPipeWriterOptions WriterOptions = new(leaveOpen: true);

    /// <summary>Accepts the WebSocket: the connection's two directions as pipes over its stream.</summary>
    public static async Task<AcceptedWebSocket> AcceptAsync(HttpContext context)
    {
        Stream opaque;
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var key = context.Request.Headers.SecWebSocketKey.ToString();
        if (upgrade is { IsUpgradableRequest: true } && key.Length > 0)
        {
            var headers = context.Response.Headers;
            headers.Connection = "Upgrade";
            headers.Upgrade = "websocket";
            headers.SecWebSocketAccept = AcceptKey(key);
            opaque = await upgrade.UpgradeAsync().ConfigureAwait(false);
        }
        else if (context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect)
        {
            opaque = await connect.AcceptAsync().ConfigureAwait(false);
        }
        else
        {
            throw new InvalidOperationException("Not a WebSocket handshake.");
        }

        return new AcceptedWebSocket(PipeReader.Create(opaque, ReaderOptions), PipeWriter.Create(opaque, WriterOptions), opaque);
    }

    /// <summary>The <c>Sec-WebSocket-Accept</c> answer to a <c>Sec-WebSocket-Key</c> (RFC 6455 §4.2.2).</summary>
    internal static string AcceptKey(string key)
    {
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(Encoding.ASCII.GetBytes(key + Rfc6455Guid), hash);
        return Convert.ToBase64String(hash);
    }
}
