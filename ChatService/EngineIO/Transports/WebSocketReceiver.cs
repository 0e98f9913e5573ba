using System.IO.Pipelines;

namespace ChatService.EngineIO.Transports;

/// <summary>
/// The read side of a server WebSocket, on the connection's <see cref="PipeReader"/>: frames are parsed where
/// the transport buffered them, with no stream or <see cref="System.Net.WebSockets.WebSocket"/> in between.
/// The session's loop awaits the pipe itself (<see cref="TryTake"/>: no state machine of the receiver's is held
/// while a connection waits); <see cref="ReceiveAsync"/> serves the upgrade's probe.
/// </summary>
internal sealed class WebSocketReceiver(PipeReader input, WebSocketFrameWriter writer, int maxPayload) : IDisposable
{
    private readonly WebSocketFrameParser _parser = new(maxPayload);

    // Set once reading is over: the pipe may be completed then, and must not be touched.
    private bool _done;

    /// <summary>The connection's bytes: the caller awaits <see cref="PipeReader.ReadAsync"/> and hands each result to <see cref="TryTake"/>.</summary>
    public PipeReader Input => input;

    /// <summary>
    /// Takes one thing from a read result and advances the reader past it: true with a message, ping, pong, close or
    /// failure (or <see cref="WebSocketInboundKind.Ended"/> at the end of the connection); false when more bytes are
    /// needed (what was read is kept). Either way the result must not be used again: read anew — that read completes
    /// at once while bytes already received remain.
    /// </summary>
    public bool TryTake(in ReadResult result, out WebSocketInbound inbound)
    {
        var buffer = result.Buffer;
        if (result.IsCanceled)
        {
            // Cancel() ends reading, whatever else arrived: a cancelled read is reported once, so it must not be lost.
            input.AdvanceTo(buffer.Start, buffer.End);
            inbound = WebSocketInbound.Ended;
            return true;
        }

        var found = _parser.TryRead(ref buffer, out inbound);

        // Examined up to the end only when nothing was found: the next read then waits for more bytes.
        input.AdvanceTo(buffer.Start, found ? buffer.Start : buffer.End);
        if (!found && result.IsCompleted)
        {
            inbound = WebSocketInbound.Ended;
            return true;
        }

        return found;
    }

    /// <summary>The next message, close or failure, pings answered and pongs ignored on the way (the upgrade's probe).</summary>
    public async ValueTask<WebSocketInbound> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (!TryTake(result, out var inbound) || inbound.Kind == WebSocketInboundKind.Pong)
            {
                continue;
            }

            if (inbound.Kind != WebSocketInboundKind.Ping)
            {
                return inbound;
            }

            await writer.WritePongAsync(inbound.Data).ConfigureAwait(false);
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
