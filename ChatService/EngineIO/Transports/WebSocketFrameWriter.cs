using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using ChatService.Buffers;

namespace ChatService.EngineIO.Transports;

/// <summary>
/// Writes a WebSocket session's frames. Every packet queued at once goes out as consecutive frames in ONE write
/// (one flush, usually one system call) instead of one write per frame. Server frames are unmasked
/// (RFC 6455 §5.1): <c>FIN|opcode</c>, the length (7 bits, or 126 + 16 bits, or 127 + 64 bits), the payload.
/// Single frames (the open packet, the probe's answer, pongs, the close frame) are written at once; the stream
/// serializes them with the batches.
/// </summary>
internal sealed class WebSocketFrameWriter(Stream stream)
{
    private const byte Fin = 0x80;
    private const byte TextOpcode = 0x1;
    private const byte BinaryOpcode = 0x2;
    private const byte CloseOpcode = 0x8;
    private const byte PongOpcode = 0xA;

    /// <summary>How many bytes of frames one write carries at most (more waits for the next write).</summary>
    public const int MaxBatchBytes = 64 * 1024;

    // Rented for a batch and returned once it is written: an idle connection holds no buffer.
    private PooledBufferWriter? _buffer;

    private volatile bool _closeSent;

    /// <summary>Whether the close frame was sent (nothing may follow it).</summary>
    public bool CloseSent => _closeSent;

    /// <summary>Adds a message (and its attachments) to the current batch.</summary>
    public void Add(in OutboundMessage message)
    {
        _buffer ??= new PooledBufferWriter(4096);
        AppendFrame(_buffer, message.Data.Span, message.IsBinary ? BinaryOpcode : TextOpcode);
        if (message.Attachments is { } attachments)
        {
            foreach (var attachment in attachments)
            {
                AppendFrame(_buffer, attachment.Span, BinaryOpcode);
            }
        }
    }

    /// <summary>Bytes waiting in the current batch.</summary>
    public int Pending => _buffer?.WrittenCount ?? 0;

    /// <summary>Writes the current batch.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer is not { WrittenCount: > 0 } buffer)
        {
            return;
        }

        try
        {
            await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _buffer = null;
            buffer.Dispose();
        }
    }

    /// <summary>Writes one text frame now (the open packet, the probe's answer).</summary>
    public ValueTask WriteTextAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        WriteFrameAsync(TextOpcode, payload.Span, cancellationToken);

    /// <summary>Answers a ping with its payload, unless the close frame was sent.</summary>
    public ValueTask WritePongAsync(ReadOnlySpan<byte> payload, CancellationToken cancellationToken) =>
        _closeSent ? ValueTask.CompletedTask : WriteFrameAsync(PongOpcode, payload, cancellationToken);

    /// <summary>Writes the close frame (once): the status, and a short reason when there is one (§5.5.1).</summary>
    public ValueTask WriteCloseAsync(WebSocketCloseStatus status, string? reason, CancellationToken cancellationToken)
    {
        if (_closeSent)
        {
            return ValueTask.CompletedTask;
        }

        _closeSent = true;
        Span<byte> payload = stackalloc byte[2 + 64];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)status);
        var length = 2 + (reason is null ? 0 : Encoding.UTF8.GetBytes(reason, payload[2..]));
        return WriteFrameAsync(CloseOpcode, payload[..length], cancellationToken);
    }

    /// <summary>Returns the batch buffer to the pool.</summary>
    public void Release()
    {
        _buffer?.Dispose();
        _buffer = null;
    }

    private ValueTask WriteFrameAsync(byte opcode, ReadOnlySpan<byte> payload, CancellationToken cancellationToken)
    {
        var frame = new PooledBufferWriter(payload.Length + 10);
        AppendFrame(frame, payload, opcode);
        return WriteAndReturnAsync(frame, cancellationToken);
    }

    private async ValueTask WriteAndReturnAsync(PooledBufferWriter frame, CancellationToken cancellationToken)
    {
        try
        {
            await stream.WriteAsync(frame.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            frame.Dispose();
        }
    }

    private static void AppendFrame(PooledBufferWriter buffer, ReadOnlySpan<byte> payload, byte opcode)
    {
        var span = buffer.GetSpan(payload.Length + 10);
        span[0] = (byte)(Fin | opcode);
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
        buffer.Advance(header + payload.Length);
    }
}
