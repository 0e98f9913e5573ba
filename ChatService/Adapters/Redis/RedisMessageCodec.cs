using System.Collections.Immutable;
using ChatService.EngineIO;
using ChatService.SocketIO.Broadcasting;
using ChatService.SocketIO.Recovery;

namespace ChatService.Adapters.Redis;

/// <summary>
/// The binary formats the nodes exchange through Redis. Primitives (see <see cref="RedisWireWriter"/>):
/// <c>varint</c> = 7-bit variable-length unsigned integer (low groups first, high bit = more follows);
/// <c>string</c> = varint byte length + UTF-8; <c>block</c> = varint length + bytes; <c>int64</c> = 8 bytes little-endian.
/// <para>
/// <b>Broadcast</b> (published on <c>{prefix}#broadcast#{namespace}</c>), version 1:
/// <code>
/// byte    version      1
/// string  server id    the publishing node (receivers ignore their own)
/// byte    flags        bit 0: the packet is a binary message; bit 1: an offset follows
/// varint  room count   then each room (string); none = the whole namespace
/// varint  except count then each except-room (string); a socket id is a room
/// string  offset       only when flags bit 1 is set
/// block   packet       the encoded Engine.IO packet (e.g. 42["new_message",{…},"17"]), sent as is to each target
/// varint  attachments  then each attachment (block): binary messages that follow the packet
/// </code>
/// The packet is encoded once by the publishing node; receivers slice it out of the Redis message and hand the same
/// bytes to every local target, without decoding the Socket.IO packet.
/// </para>
/// <para>
/// <b>Session</b> (value of <c>{prefix}:session:{pid}</c>, with a TTL), version 1:
/// <code>
/// byte    version         1
/// string  pid, socket id, namespace
/// varint  room count      then each room (string)
/// int64   disconnected at unix milliseconds (UTC)
/// block   data            the application's recovery data (JSON)
/// </code>
/// </para>
/// Readers throw <see cref="InvalidDataException"/> on an unknown version or a malformed message.
/// </summary>
internal static class RedisMessageCodec
{
    private const byte Version = 1;
    private const byte BinaryFlag = 1;
    private const byte OffsetFlag = 2;
    private const int MaxRooms = 100_000;
    private const int MaxAttachments = 1_000;

    /// <summary>Writes a broadcast; see the type's remarks for the format.</summary>
    public static byte[] WriteBroadcast(string serverId, in OutboundMessage packet, BroadcastOptions options, string? offset)
    {
        var writer = new RedisWireWriter(packet.Data.Length + 64);
        writer.WriteByte(Version);
        writer.WriteString(serverId);
        writer.WriteByte((byte)((packet.IsBinary ? BinaryFlag : 0) | (offset is null ? 0 : OffsetFlag)));
        WriteSet(writer, options.Rooms);
        WriteSet(writer, options.ExceptRooms);
        if (offset is not null)
        {
            writer.WriteString(offset);
        }

        writer.WriteBlock(packet.Data.Span);
        var attachments = packet.Attachments ?? [];
        writer.WriteVarInt(attachments.Length);
        foreach (var attachment in attachments)
        {
            writer.WriteBlock(attachment.Span);
        }

        return writer.ToArray();
    }

    /// <summary>Reads a broadcast. See <see cref="WriteBroadcast"/> for the format.</summary>
    public static RedisBroadcastMessage ReadBroadcast(byte[] message)
    {
        var reader = new RedisWireReader(message);
        CheckVersion(reader.ReadByte());
        var serverId = reader.ReadString();
        var flags = reader.ReadByte();
        var rooms = ReadSet(ref reader);
        var except = ReadSet(ref reader);
        var offset = (flags & OffsetFlag) != 0 ? reader.ReadString() : null;
        var data = reader.ReadBlock();
        var count = reader.ReadCount(MaxAttachments);
        ReadOnlyMemory<byte>[]? attachments = count == 0 ? null : new ReadOnlyMemory<byte>[count];
        for (var i = 0; i < count; i++)
        {
            attachments![i] = reader.ReadBlock();
        }

        EnsureEnd(reader);
        var packet = new OutboundMessage(data, (flags & BinaryFlag) != 0, attachments);
        return new RedisBroadcastMessage(serverId, new BroadcastOptions(rooms, except, Local: false), offset, packet);
    }

    /// <summary>Writes a disconnected session; see the type's remarks for the format.</summary>
    public static byte[] WriteSession(SocketSessionState state)
    {
        var writer = new RedisWireWriter(128 + state.Data.Length);
        writer.WriteByte(Version);
        writer.WriteString(state.Pid);
        writer.WriteString(state.SocketId);
        writer.WriteString(state.Namespace);
        writer.WriteVarInt(state.Rooms.Count);
        foreach (var room in state.Rooms)
        {
            writer.WriteString(room);
        }

        writer.WriteInt64(state.DisconnectedAt.ToUnixTimeMilliseconds());
        writer.WriteBlock(state.Data.Span);
        return writer.ToArray();
    }

    /// <summary>Reads a disconnected session. See <see cref="WriteSession"/> for the format.</summary>
    public static SocketSessionState ReadSession(byte[] value)
    {
        var reader = new RedisWireReader(value);
        CheckVersion(reader.ReadByte());
        var pid = reader.ReadString();
        var socketId = reader.ReadString();
        var ns = reader.ReadString();
        var rooms = new string[reader.ReadCount(MaxRooms)];
        for (var i = 0; i < rooms.Length; i++)
        {
            rooms[i] = reader.ReadString();
        }

        var disconnectedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
        var data = reader.ReadBlock();
        EnsureEnd(reader);
        return new SocketSessionState(pid, socketId, ns, rooms, data, disconnectedAt);
    }

    private static void WriteSet(RedisWireWriter writer, ImmutableHashSet<string> set)
    {
        writer.WriteVarInt(set.Count);
        foreach (var item in set)
        {
            writer.WriteString(item);
        }
    }

    private static ImmutableHashSet<string> ReadSet(ref RedisWireReader reader)
    {
        var count = reader.ReadCount(MaxRooms);
        if (count == 0)
        {
            return BroadcastOptions.All.Rooms;
        }

        var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            builder.Add(reader.ReadString());
        }

        return builder.ToImmutable();
    }

    private static void CheckVersion(byte version)
    {
        if (version != Version)
        {
            throw new InvalidDataException($"Unknown message version {version} (this node reads version {Version}).");
        }
    }

    private static void EnsureEnd(RedisWireReader reader)
    {
        if (!reader.AtEnd)
        {
            throw new InvalidDataException("Unexpected bytes after the end of the message.");
        }
    }
}
