using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ChatService.Adapters.Redis;

/// <summary>
/// Writes the primitives of the Redis wire formats: bytes, 7-bit variable-length unsigned integers (as
/// <see cref="BinaryWriter.Write7BitEncodedInt(int)"/>), length-prefixed UTF-8 strings and byte blocks, and
/// little-endian 64-bit integers.
/// </summary>
internal sealed class RedisWireWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public RedisWireWriter(int initialCapacity = 256)
    {
        _buffer = new ArrayBufferWriter<byte>(initialCapacity);
    }

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteVarInt(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var span = _buffer.GetSpan(5);
        var n = 0;
        var v = (uint)value;
        while (v >= 0x80)
        {
            span[n++] = (byte)(v | 0x80);
            v >>= 7;
        }

        span[n++] = (byte)v;
        _buffer.Advance(n);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarInt(length);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(length);
    }

    public void WriteBlock(ReadOnlySpan<byte> value)
    {
        WriteVarInt(value.Length);
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
    }

    /// <summary>The bytes written, in an exactly-sized array.</summary>
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}
