using ChatService.Adapters.Redis;
using ChatService.Chat;

namespace ChatService.Storage.Redis;

/// <summary>
/// The presence formats, with the primitives of <see cref="RedisMessageCodec"/> (varint, string, int64).
/// <para><b>Hash entry</b> (<c>{prefix}:presence:{node}</c>, field = socket id):
/// <c>string username, string room id, int64 since (unix ms)</c>.</para>
/// <para><b>Channel message</b> (<c>{prefix}#presence</c>), version 1:
/// <code>
/// byte    version   1
/// byte    kind      1 changes, 2 resync (read my hash again), 3 node left
/// string  node id   the sender (receivers ignore their own)
/// varint  count     changes only; then each: string socket id, byte present (0/1), [hash entry when present]
/// </code></para>
/// </summary>
internal static class PresenceCodec
{
    private const byte Version = 1;
    private const int MaxChanges = 1_000_000;

    public static byte[] WriteEntry(PresenceEntry entry)
    {
        var writer = new RedisWireWriter(64);
        WriteEntryFields(writer, entry);
        return writer.ToArray();
    }

    /// <summary>Reads a hash entry. See <see cref="WriteEntry"/> for the format.</summary>
    public static PresenceEntry ReadEntry(string userId, byte[] value)
    {
        var reader = new RedisWireReader(value);
        return ReadEntryFields(ref reader, userId);
    }

    public static byte[] WriteMessage(PresenceMessageKind kind, string nodeId, IReadOnlyCollection<PresenceChange>? changes = null)
    {
        var writer = new RedisWireWriter(64 + (changes?.Count ?? 0) * 48);
        writer.WriteByte(Version);
        writer.WriteByte((byte)kind);
        writer.WriteString(nodeId);
        if (kind == PresenceMessageKind.Changes)
        {
            writer.WriteVarInt(changes!.Count);
            foreach (var change in changes)
            {
                writer.WriteString(change.UserId);
                writer.WriteByte(change.Entry is null ? (byte)0 : (byte)1);
                if (change.Entry is { } entry)
                {
                    WriteEntryFields(writer, entry);
                }
            }
        }

        return writer.ToArray();
    }

    /// <summary>Reads a channel message. See <see cref="WriteMessage"/> for the format.</summary>
    public static PresenceMessage ReadMessage(byte[] message)
    {
        var reader = new RedisWireReader(message);
        if (reader.ReadByte() != Version)
        {
            throw new InvalidDataException("Unknown presence message version.");
        }

        var kind = (PresenceMessageKind)reader.ReadByte();
        var nodeId = reader.ReadString();
        var changes = new List<PresenceChange>();
        switch (kind)
        {
            case PresenceMessageKind.Changes:
                var count = reader.ReadCount(MaxChanges);
                for (var i = 0; i < count; i++)
                {
                    var userId = reader.ReadString();
                    changes.Add(new PresenceChange(userId, reader.ReadByte() == 0 ? null : ReadEntryFields(ref reader, userId)));
                }

                break;
            case PresenceMessageKind.Resync or PresenceMessageKind.NodeLeft:
                break;
            default:
                throw new InvalidDataException($"Unknown presence message kind {(byte)kind}.");
        }

        return reader.AtEnd ? new PresenceMessage(kind, nodeId, changes) : throw new InvalidDataException("Unexpected bytes after the end of the message.");
    }

    private static void WriteEntryFields(RedisWireWriter writer, PresenceEntry entry)
    {
        writer.WriteString(entry.Username);
        writer.WriteString(entry.RoomId);
        writer.WriteInt64(entry.Since.ToUnixTimeMilliseconds());
    }

    private static PresenceEntry ReadEntryFields(ref RedisWireReader reader, string userId)
    {
        var username = reader.ReadString();
        var roomId = reader.ReadString();
        var since = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
        return new PresenceEntry(userId, username, roomId, since);
    }
}
