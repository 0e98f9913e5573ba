using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;

namespace ChatService.EngineIO.Transports;

/// <summary>
/// Writes a WebSocket session's frames straight into the connection's <see cref="PipeWriter"/>: every packet
/// queued at once goes out as consecutive frames with ONE flush (usually one system call), with no intermediate
/// buffer or stream. Server frames are unmasked (RFC 6455 §5.1): <c>FIN|opcode</c>, the length (7 bits, or 126 +
/// 16 bits, or 127 + 64 bits), the payload.
/// </summary>
/// <remarks>
/// One writer at a time, never a lock: before <see cref="HandOver"/> the session's handler writes (the open
/// packet, the probe's answer, a pong, a refusal's close frame); after it only the <see cref="WebSocketSender"/>
/// does, and a pong asked for by the receive side waits (<see cref="DeferPong"/>) for the sender's next run.
/// </remarks>
internal sealed class WebSocketFrameWriter(PipeWriter output)
{
    /// <summary>How many bytes of frames one flush carries at most (more waits for the next flush).</summary>
    public const int MaxBatchBytes = 64 * 1024;

    private int _pending;
    private byte[]? _pong;
    private volatile bool _handedOver;
    private volatile bool _closeSent;

    /// <summary>Bytes written since the last flush.</summary>
    public int Pending => _pending;

    /// <summary>From now on only the sender writes (see the remarks).</summary>
    public void HandOver() => _handedOver = true;

    /// <summary>Adds a message (and its attachments) to what the next flush sends.</summary>
    public void Add(in OutboundMessage message)
    {
        AppendFrame(message.Data.Span, message.IsBinary ? WebSocketOpcode.Binary : WebSocketOpcode.Text);
        if (message.Attachments is { } attachments)
        {
            foreach (var attachment in attachments)
            {
                AppendFrame(attachment.Span, WebSocketOpcode.Binary);
            }
        }
    }

    /// <summary>
    /// The pong the receive side left for the sender, added to what the next flush sends (the sender calls this
    /// first in each run). Only the latest ping is answered, as §5.5.3 allows; none after the close frame.
    /// </summary>
    public void AddDeferredPong()
    {
        if (Interlocked.Exchange(ref _pong, null) is { } pong && !_closeSent)
        {
            AppendFrame(pong, WebSocketOpcode.Pong);
        }
    }

    /// <summary>
    /// After the hand-over, leaves the answer to a ping for the sender and returns true (the caller wakes the
    /// sender); before it, returns false (the caller writes it with <see cref="WritePongAsync"/>).
    /// </summary>
    public bool DeferPong(byte[] payload)
    {
        if (!_handedOver)
        {
            return false;
        }

        Volatile.Write(ref _pong, payload);
        return true;
    }

    /// <summary>Answers a ping now: before the hand-over only.</summary>
    public ValueTask WritePongAsync(byte[] payload) => WriteNowAsync(WebSocketOpcode.Pong, payload);

    /// <summary>Flushes what was added.</summary>
    public ValueTask<FlushResult> FlushAsync()
    {
        _pending = 0;
        return output.FlushAsync();
    }

    /// <summary>Writes one text frame now (the open packet, the probe's answer): before the hand-over only.</summary>
    public ValueTask WriteTextAsync(ReadOnlyMemory<byte> payload) => WriteNowAsync(WebSocketOpcode.Text, payload.Span);

    /// <summary>
    /// Writes the close frame (once), with the status and a short reason (§5.5.1): by the sender, or before the
    /// hand-over (a refused upgrade).
    /// </summary>
    public ValueTask WriteCloseAsync(WebSocketCloseStatus status, string? reason)
    {
        if (_closeSent)
        {
            return ValueTask.CompletedTask;
        }

        _closeSent = true;
        var payload = new byte[2 + (reason is null ? 0 : Encoding.UTF8.GetByteCount(reason))];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)status);
        if (reason is not null)
        {
            Encoding.UTF8.GetBytes(reason, payload.AsSpan(2));
        }

        return WriteNowAsync(WebSocketOpcode.Close, payload);
    }

    private ValueTask WriteNowAsync(byte opcode, ReadOnlySpan<byte> payload)
    {
        AppendFrame(payload, opcode);
        var flush = FlushAsync();
        return flush.IsCompletedSuccessfully ? ValueTask.CompletedTask : new ValueTask(flush.AsTask());
    }

    private void AppendFrame(ReadOnlySpan<byte> payload, byte opcode)
    {
        var span = output.GetSpan(payload.Length + 10);
        span[0] = (byte)(WebSocketOpcode.Fin | opcode);
        int header;
        if (payload.Length < 126)
        {
            span[1] = (byte)payload.Length;
            header = 2;
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            span[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)payload.Length);
            header = 4;
        }
        else
        {
            span[1] = 127;
            BinaryPrimitives.WriteUInt64BigEndian(span[2..], (ulong)payload.Length);
            header = 10;
        }

        payload.CopyTo(span[header..]);
        output.Advance(header + payload.Length);
        _pending += header + payload.Length;
    }
}
