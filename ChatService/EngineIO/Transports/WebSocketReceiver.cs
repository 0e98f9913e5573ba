using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace ChatService.EngineIO.Transports;

/// <summary>
/// The read side of a server WebSocket, on the connection's <see cref="PipeReader"/>: frames are parsed where
/// the transport buffered them, with no stream or <see cref="System.Net.WebSockets.WebSocket"/> in between.
/// Pings are answered here (through the frame writer, which serializes the pong with the session's frames) and
/// pongs ignored; what reaches the caller is a message, the client's close, a protocol failure or the end.
/// </summary>
internal sealed class WebSocketReceiver(PipeReader input, WebSocketFrameWriter writer, int maxPayload) : IDisposable
{
    private readonly WebSocketFrameParser _parser = new(maxPayload);

    /// <summary>
    /// The next message, close or failure. Completes synchronously while bytes already received hold one; a
    /// connection waiting for its client holds no buffer (the transport reads with a zero-byte read first).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<WebSocketInbound> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var found = _parser.TryRead(ref buffer, out var inbound);

            // Examined up to the end only when nothing was found: the next read then waits for more bytes.
            input.AdvanceTo(buffer.Start, found ? buffer.Start : buffer.End);
            if (found)
            {
                switch (inbound.Kind)
                {
                    case WebSocketInboundKind.Ping:
                        await writer.WritePongAsync(inbound.Data, cancellationToken).ConfigureAwait(false);
                        continue;
                    case WebSocketInboundKind.Pong:
                        continue;
                    default:
                        return inbound;
                }
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                return WebSocketInbound.Ended;
            }
        }
    }

    /// <summary>Returns the parser's buffer, if a message was being assembled.</summary>
    public void Dispose() => _parser.Dispose();
}
