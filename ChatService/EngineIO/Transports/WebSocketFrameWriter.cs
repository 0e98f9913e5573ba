using System.Buffers.Binary;
using System.Net.WebSockets;
using ChatService.Buffers;

namespace ChatService.EngineIO.Transports;

/// <summary>
/// Sends what a session has queued: every packet waiting at once goes out as consecutive WebSocket frames in
/// ONE write (one flush, usually one system call) instead of one write per frame. Server frames are
/// unmasked (RFC 6455 §5.1): <c>FIN|opcode</c>, the length (7 bits, or 126 + 16 bits, or 127 + 64 bits), the
/// payload. When the connection's stream is not ours (HTTP/2 WebSockets), it falls back to one
/// <see cref="WebSocket.SendAsync(ReadOnlyMemory{byte}, WebSocketMessageType, bool, CancellationToken)"/> per frame.
/// </summary>
internal sealed class WebSocketFrameWriter(WebSocket socket, Stream? stream)
{
    private const byte Fin = 0x80;
    private const byte TextOpcode = 0x1;
    private const byte BinaryOpcode = 0x2;

    /// <summary>How many bytes of frames one write carries at most (more waits for the next write).</summary>
    public const int MaxBatchBytes = 64 * 1024;

    // Rented for a batch and returned once it is written: an idle connection holds no buffer.
    private PooledBufferWriter? _buffer;

    /// <summary>Whether frames are written in batches (false: one SendAsync per frame).</summary>
    public bool Coalesces => stream is not null;

    /// <summary>Adds a message (and its attachments) to the current batch.</summary>
    public void Add(in OutboundMessage message)
    {
        AppendFrame(message.Data.Span, message.IsBinary ? BinaryOpcode : TextOpcode);
        if (message.Attachments is { } attachments)
        {
            foreach (var attachment in attachments)
            {
                AppendFrame(attachment.Span, BinaryOpcode);
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
            await stream!.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _buffer = null;
            buffer.Dispose();
        }
    }

    /// <summary>Sends one message right away, frame by frame, through the WebSocket (the fallback path).</summary>
    public async ValueTask SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var type = message.IsBinary ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
        await socket.SendAsync(message.Data, type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        if (message.Attachments is { } attachments)
        {
            foreach (var attachment in attachments)
            {
                await socket.SendAsync(attachment, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Returns the batch buffer to the pool.</summary>
    public void Release()
    {
        _buffer?.Dispose();
        _buffer = null;
    }

    private void AppendFrame(ReadOnlySpan<byte> payload, byte opcode)
    {
        var buffer = _buffer ??= new PooledBufferWriter(4096);
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
