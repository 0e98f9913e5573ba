using System.Buffers.Binary;
using System.Text;

namespace ChatService.Tests.Infrastructure;

/// <summary>
/// Builds client WebSocket frames byte for byte (RFC 6455 §5.2), including the ones a well-behaved client never
/// sends: unmasked, with reserved bits or opcodes, with a length form longer than needed, or a header alone.
/// Frames are masked with <see cref="DefaultMask"/> unless the caller picks a mask.
/// </summary>
public static class ClientFrame
{
    public static readonly byte[] DefaultMask = [0x37, 0xFA, 0x21, 0x3D];

    /// <summary>A masked text frame.</summary>
    public static byte[] Text(string text, bool fin = true, byte[]? mask = null) =>
        Build(WireOpcode.Text, Encoding.UTF8.GetBytes(text), fin, mask);

    /// <summary>A masked binary frame.</summary>
    public static byte[] Binary(ReadOnlySpan<byte> data, bool fin = true, byte[]? mask = null) =>
        Build(WireOpcode.Binary, data, fin, mask);

    /// <summary>A masked continuation frame carrying text.</summary>
    public static byte[] Continuation(string text, bool fin) => Build(WireOpcode.Continuation, Encoding.UTF8.GetBytes(text), fin);

    /// <summary>A masked close frame: the status code (big-endian) and the reason.</summary>
    public static byte[] Close(int status, string reason = "")
    {
        var payload = new byte[2 + Encoding.UTF8.GetByteCount(reason)];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)status);
        Encoding.UTF8.GetBytes(reason, payload.AsSpan(2));
        return Build(WireOpcode.Close, payload);
    }

    /// <summary>
    /// Any frame. <paramref name="mask"/> null means <see cref="DefaultMask"/>; <paramref name="masked"/> false
    /// sends the payload unmasked with the mask bit clear. <paramref name="rsv"/> goes into the RSV1..3 bits
    /// (1 = RSV3, 4 = RSV1). <paramref name="extendedLengthBytes"/> forces a length form (0, 2 or 8); by default
    /// the shortest one is used.
    /// </summary>
    public static byte[] Build(
        int opcode,
        ReadOnlySpan<byte> payload,
        bool fin = true,
        byte[]? mask = null,
        bool masked = true,
        int rsv = 0,
        int? extendedLengthBytes = null)
    {
        var header = Header(opcode, (ulong)payload.Length, fin, mask, masked, rsv, extendedLengthBytes);
        var frame = new byte[header.Length + payload.Length];
        header.CopyTo(frame, 0);
        var key = mask ?? DefaultMask;
        for (var i = 0; i < payload.Length; i++)
        {
            frame[header.Length + i] = masked ? (byte)(payload[i] ^ key[i % 4]) : payload[i];
        }

        return frame;
    }

    /// <summary>
    /// A frame header alone, declaring <paramref name="declaredLength"/> bytes of payload (which the caller sends,
    /// or not). Payload bytes sent after it must be masked with the same key (see <see cref="Mask"/>).
    /// </summary>
    public static byte[] Header(
        int opcode,
        ulong declaredLength,
        bool fin = true,
        byte[]? mask = null,
        bool masked = true,
        int rsv = 0,
        int? extendedLengthBytes = null)
    {
        var lengthBytes = extendedLengthBytes ?? WireFrame.ShortestExtendedLengthBytes(declaredLength > long.MaxValue ? long.MaxValue : (long)declaredLength);
        var header = new byte[2 + lengthBytes + (masked ? 4 : 0)];
        header[0] = (byte)((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0xF));
        var maskBit = masked ? 0x80 : 0;
        switch (lengthBytes)
        {
            case 0:
                header[1] = (byte)(maskBit | (int)declaredLength);
                break;
            case 2:
                header[1] = (byte)(maskBit | 126);
                BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)declaredLength);
                break;
            case 8:
                header[1] = (byte)(maskBit | 127);
                BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(2), declaredLength);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(extendedLengthBytes), lengthBytes, "0, 2 or 8");
        }

        if (masked)
        {
            (mask ?? DefaultMask).CopyTo(header, 2 + lengthBytes);
        }

        return header;
    }

    /// <summary>
    /// <paramref name="payload"/> masked with <paramref name="mask"/> (or <see cref="DefaultMask"/>), as if it
    /// started at byte <paramref name="offset"/> of a frame's payload.
    /// </summary>
    public static byte[] Mask(ReadOnlySpan<byte> payload, byte[]? mask = null, long offset = 0)
    {
        var key = mask ?? DefaultMask;
        var masked = new byte[payload.Length];
        for (var i = 0; i < payload.Length; i++)
        {
            masked[i] = (byte)(payload[i] ^ key[(int)((offset + i) % 4)]);
        }

        return masked;
    }

    /// <summary>Frames one after the other, as one buffer (for a single TCP write).</summary>
    public static byte[] Concat(params byte[][] frames) => [.. frames.SelectMany(f => f)];
}
