using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Numerics;
using System.Text.Unicode;
using static ChatService.EngineIO.Transports.WebSocketOpcode;

namespace ChatService.EngineIO.Transports;

/// <summary>
/// Reads client frames (RFC 6455 §5) straight from the connection's buffered bytes: the usual whole, unfragmented
/// frame becomes its message with one copy (unmasked into a new array); fragments, and frames larger than what
/// has arrived, are assembled in a pooled buffer that grows with the bytes actually received (never with the
/// length a header claims). Control frames may come between fragments. Anything the RFC forbids ends the
/// connection: 1002 for a protocol error, 1007 for text that is not UTF-8, 1009 for a message over the limit —
/// refused from its header, before its payload is read.
/// </summary>
internal sealed class WebSocketFrameParser(int maxPayload) : IDisposable
{
    private const int MaxControlPayload = 125;
    private const int MaxHeaderLength = 14;
    private const int FirstAssemblyBuffer = 4096;

    // The message being assembled: Text or Binary while one is open, else 0; its bytes so far (rented).
    private byte _messageOpcode;
    private byte[]? _message;
    private int _messageLength;

    // The data frame whose payload is being copied into the message.
    private bool _inFrame;
    private bool _frameFin;
    private long _frameRemaining;
    private uint _mask;
    private int _maskOffset;

    private enum Step
    {
        NeedMore,
        Found,
        FrameStarted,
    }

    /// <summary>
    /// Reads from <paramref name="buffer"/> until one thing is complete (true, <paramref name="buffer"/> then starts
    /// after it) or every byte is used (false: what was read is kept, <paramref name="buffer"/> starts at what could
    /// not be used yet — a partial header or control frame).
    /// </summary>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, out WebSocketInbound inbound)
    {
        while (true)
        {
            if (_inFrame)
            {
                if (!CopyPayload(ref buffer))
                {
                    inbound = default;
                    return false;
                }

                _inFrame = false;
                if (_frameFin)
                {
                    inbound = CompleteMessage();
                    return true;
                }
            }

            var step = ReadFrame(ref buffer, out inbound);
            if (step != Step.FrameStarted)
            {
                return step == Step.Found;
            }
        }
    }

    /// <summary>Returns the assembly buffer to the pool.</summary>
    public void Dispose()
    {
        if (_message is { } message)
        {
            _message = null;
            ArrayPool<byte>.Shared.Return(message);
        }
    }

    private Step ReadFrame(ref ReadOnlySequence<byte> buffer, out WebSocketInbound inbound)
    {
        inbound = default;
        if (buffer.Length < 2)
        {
            return Step.NeedMore;
        }

        Span<byte> header = stackalloc byte[MaxHeaderLength];
        var available = (int)Math.Min(MaxHeaderLength, buffer.Length);
        buffer.Slice(0, available).CopyTo(header);
        var fin = (header[0] & 0x80) != 0;
        var opcode = (byte)(header[0] & 0x0F);
        var length7 = header[1] & 0x7F;
        if (!IsAllowed(header[0], header[1], opcode, fin, length7))
        {
            inbound = WebSocketInbound.Invalid(WebSocketCloseStatus.ProtocolError);
            return Step.Found;
        }

        var lengthBytes = length7 switch { 126 => 2, 127 => 8, _ => 0 };
        var headerLength = 2 + lengthBytes + 4;
        if (available < headerLength)
        {
            return Step.NeedMore;
        }

        var length = lengthBytes switch
        {
            2 => BinaryPrimitives.ReadUInt16BigEndian(header[2..]),
            8 => BinaryPrimitives.ReadUInt64BigEndian(header[2..]),
            _ => (ulong)length7,
        };
        if (length > long.MaxValue)
        {
            // The most significant bit of a 64-bit length must be 0 (§5.2).
            inbound = WebSocketInbound.Invalid(WebSocketCloseStatus.ProtocolError);
            return Step.Found;
        }

        var mask = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(2 + lengthBytes, 4));
        if (opcode >= Close)
        {
            return ReadControlFrame(ref buffer, opcode, headerLength, (int)length, mask, out inbound);
        }

        if ((ulong)_messageLength + length > (ulong)maxPayload)
        {
            inbound = WebSocketInbound.Invalid(WebSocketCloseStatus.MessageTooBig);
            return Step.Found;
        }

        var frameLength = headerLength + (long)length;
        if (fin && opcode != Continuation && buffer.Length >= frameLength)
        {
            // The common case: a whole message in one frame, all here.
            var data = length == 0 ? Array.Empty<byte>() : new byte[(int)length];
            buffer.Slice(headerLength, data.Length).CopyTo(data);
            Unmask(data, mask, 0);
            buffer = buffer.Slice(frameLength);
            inbound = Message(opcode, data);
            return Step.Found;
        }

        buffer = buffer.Slice(headerLength);
        if (opcode != Continuation)
        {
            _messageOpcode = opcode;
            _messageLength = 0;
        }

        _inFrame = true;
        _frameFin = fin;
        _frameRemaining = (long)length;
        _mask = mask;
        _maskOffset = 0;
        return Step.FrameStarted;
    }

    /// <summary>The checks the first two bytes allow: reserved bits, masking, opcodes, control frame rules, fragment order.</summary>
    private bool IsAllowed(byte first, byte second, byte opcode, bool fin, int length7)
    {
        if ((first & 0x70) != 0 || (second & 0x80) == 0)
        {
            // No extension was negotiated, and every client frame must be masked (§5.1).
            return false;
        }

        return opcode switch
        {
            Continuation => _messageOpcode != 0,
            Text or Binary => _messageOpcode == 0,
            Close or Ping or Pong => fin && length7 <= MaxControlPayload,
            _ => false,
        };
    }

    private static Step ReadControlFrame(ref ReadOnlySequence<byte> buffer, byte opcode, int headerLength, int length, uint mask, out WebSocketInbound inbound)
    {
        inbound = default;
        if (buffer.Length < headerLength + length)
        {
            return Step.NeedMore;
        }

        var payload = length == 0 ? Array.Empty<byte>() : new byte[length];
        buffer.Slice(headerLength, length).CopyTo(payload);
        Unmask(payload, mask, 0);
        buffer = buffer.Slice(headerLength + length);
        inbound = opcode switch
        {
            Ping => new WebSocketInbound(WebSocketInboundKind.Ping, payload, false, WebSocketCloseStatus.Empty),
            Pong => new WebSocketInbound(WebSocketInboundKind.Pong, payload, false, WebSocketCloseStatus.Empty),
            _ => ReadClose(payload),
        };
        return Step.Found;
    }

    /// <summary>A close frame: empty, or a valid status code and a UTF-8 reason (§5.5.1, §7.4).</summary>
    private static WebSocketInbound ReadClose(byte[] payload)
    {
        if (payload.Length == 0)
        {
            return new WebSocketInbound(WebSocketInboundKind.Close, [], false, WebSocketCloseStatus.Empty);
        }

        if (payload.Length == 1)
        {
            return WebSocketInbound.Invalid(WebSocketCloseStatus.ProtocolError);
        }

        var code = BinaryPrimitives.ReadUInt16BigEndian(payload);
        if (!(code is >= 1000 and <= 1003 or >= 1007 and <= 1014 or >= 3000 and <= 4999))
        {
            return WebSocketInbound.Invalid(WebSocketCloseStatus.ProtocolError);
        }

        return Utf8.IsValid(payload.AsSpan(2))
            ? new WebSocketInbound(WebSocketInboundKind.Close, [], false, (WebSocketCloseStatus)code)
            : WebSocketInbound.Invalid(WebSocketCloseStatus.InvalidPayloadData);
    }

    /// <summary>Copies what has arrived of the current frame's payload; true when the frame is complete.</summary>
    private bool CopyPayload(ref ReadOnlySequence<byte> buffer)
    {
        var chunk = (int)Math.Min(_frameRemaining, buffer.Length);
        if (chunk > 0)
        {
            Reserve(chunk);
            var target = _message.AsSpan(_messageLength, chunk);
            buffer.Slice(0, chunk).CopyTo(target);
            Unmask(target, _mask, _maskOffset);
            _maskOffset = (_maskOffset + chunk) & 3;
            _messageLength += chunk;
            _frameRemaining -= chunk;
            buffer = buffer.Slice(chunk);
        }

        return _frameRemaining == 0;
    }

    private void Reserve(int more)
    {
        var needed = _messageLength + more;
        if (_message is not null && _message.Length >= needed)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Min(maxPayload, Math.Max(FirstAssemblyBuffer, (_message?.Length ?? 0) * 2))));
        if (_message is { } old)
        {
            old.AsSpan(0, _messageLength).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(old);
        }

        _message = bigger;
    }

    private WebSocketInbound CompleteMessage()
    {
        var data = _messageLength == 0 ? Array.Empty<byte>() : _message.AsSpan(0, _messageLength).ToArray();
        var opcode = _messageOpcode;
        _messageOpcode = 0;
        _messageLength = 0;
        Dispose(); // an idle connection holds no buffer
        return Message(opcode, data);
    }

    private static WebSocketInbound Message(byte opcode, byte[] data) =>
        opcode == Text && !Utf8.IsValid(data)
            ? WebSocketInbound.Invalid(WebSocketCloseStatus.InvalidPayloadData)
            : new WebSocketInbound(WebSocketInboundKind.Message, data, opcode == Binary, WebSocketCloseStatus.Empty);

    /// <summary>XORs <paramref name="data"/> with the frame's mask, <paramref name="offset"/> bytes into the payload (§5.3).</summary>
    private static void Unmask(Span<byte> data, uint mask, int offset)
    {
        mask = BitOperations.RotateRight(mask, offset * 8);
        var mask8 = mask | ((ulong)mask << 32);
        var i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            var word = data.Slice(i, 8);
            BinaryPrimitives.WriteUInt64LittleEndian(word, BinaryPrimitives.ReadUInt64LittleEndian(word) ^ mask8);
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= (byte)(mask >> ((i & 3) * 8));
        }
    }
}
