using System.Buffers.Binary;
using System.Text;

namespace ChatService.Adapters.Redis;

/// <summary>
/// Reads what <see cref="RedisWireWriter"/> wrote. Every length and count is checked against what is left, and
/// anything short or malformed throws <see cref="InvalidDataException"/>. Blocks are slices of the source array (no copy).
/// </summary>
internal struct RedisWireReader
{
    private readonly byte[] _source;
    private int _position;

    public RedisWireReader(byte[] source)
    {
        _source = source;
        _position = 0;
    }

    public readonly bool AtEnd => _position == _source.Length;

    public byte ReadByte()
    {
        Need(1);
        return _source[_position++];
    }

    public int ReadVarInt()
    {
        var result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte();
            result |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result >= 0 ? result : throw new InvalidDataException("Negative length.");
            }
        }

        throw new InvalidDataException("Variable-length integer too long.");
    }

    /// <summary>A count bounded by <paramref name="max"/>.</summary>
    public int ReadCount(int max)
    {
        var count = ReadVarInt();
        return count <= max ? count : throw new InvalidDataException($"Count {count} exceeds {max}.");
    }

    public long ReadInt64()
    {
        Need(8);
        var value = BinaryPrimitives.ReadInt64LittleEndian(_source.AsSpan(_position, 8));
        _position += 8;
        return value;
    }

    public string ReadString()
    {
        var length = ReadVarInt();
        Need(length);
        var value = Encoding.UTF8.GetString(_source, _position, length);
        _position += length;
        return value;
    }

    public ReadOnlyMemory<byte> ReadBlock()
    {
        var length = ReadVarInt();
        Need(length);
        var value = new ReadOnlyMemory<byte>(_source, _position, length);
        _position += length;
        return value;
    }

    private readonly void Need(int count)
    {
        if (count > _source.Length - _position)
        {
            throw new InvalidDataException("The message is shorter than its header says.");
        }
    }
}
