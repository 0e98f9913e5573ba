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

    // Set once reading is over: the pipe may be completed then, and must not be touched.
    private bool _done;

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

    /// <summary>
    /// Ends a pending or the next <see cref="ReceiveAsync"/> with <see cref="WebSocketInboundKind.Ended"/>: the
    /// sender failed, or the client did not answer the close in time. Safe from any thread, before or after the end.
    /// </summary>
    public void Cancel()
    {
        lock (_parser)
        {
            if (!_done)
            {
                input.CancelPendingRead();
            }
        }
    }

    /// <summary>Reading is over: returns the parser's buffer (if a message was being assembled); later cancels do nothing.</summary>
    public void Dispose()
    {
        lock (_parser)
        {
            _done = true;
        }

        _parser.Dispose();
    }
}
