using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatService.Buffers;
using ChatService.EngineIO;

namespace ChatService.SocketIO.Protocol;

/// <summary>
/// Encodes server packets as complete Engine.IO message packets (<c>4</c> + Socket.IO packet) in arrays of
/// exactly the right size, ready to be shared by every recipient of a broadcast.
/// </summary>
internal static class PacketWriter
{
    private const int MaxCachedEventNames = 4096;
    private static readonly ConcurrentDictionary<string, byte[]> EventNames = new(StringComparer.Ordinal);

    [ThreadStatic]
    private static PooledBufferWriter? t_buffer;

    // Values are serialized straight into the packet through one writer per thread (Reset per value), not into
    // SocketIOArguments first: that cost a writer, a buffer and two copies per packet.
    [ThreadStatic]
    private static Utf8JsonWriter? t_json;

    private static readonly JsonEncodedText SidName = JsonEncodedText.Encode("sid");
    private static readonly JsonEncodedText PidName = JsonEncodedText.Encode("pid");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText DataName = JsonEncodedText.Encode("data");

    /// <summary><c>42["name",args…]</c>, or <c>45N-["name",…]</c> with attachments; with an ack id when <paramref name="ackId"/> ≥ 0.</summary>
    public static OutboundMessage Event(string nsp, string eventName, SocketIOArguments args, long ackId = -1)
    {
        var buffer = Rent();
        var binary = args.AttachmentArray.Length > 0;
        WriteHeader(buffer, binary ? SocketIOPacketType.BinaryEvent : SocketIOPacketType.Event, args.AttachmentArray.Length, nsp, ackId);
        buffer.Write("["u8);
        buffer.Write(EncodeEventName(eventName));
        if (args.Count > 0)
        {
            buffer.Write(","u8);
            buffer.Write(args.Json.Span);
        }

        buffer.Write("]"u8);
        return Finish(buffer, binary ? args.AttachmentArray : null);
    }

    /// <summary>
    /// <c>42["name",value]</c> (with an ack id when <paramref name="ackId"/> ≥ 0), the value serialized into the
    /// packet: the same bytes as <see cref="Event(string, string, SocketIOArguments, long)"/> with <see cref="SocketIOArguments.From"/>.
    /// </summary>
    public static OutboundMessage Event<T>(string nsp, string eventName, T value, JsonTypeInfo<T> typeInfo, long ackId = -1) =>
        EventWithOffset(nsp, eventName, value, typeInfo, offset: null, ackId, out _);

    /// <summary>
    /// <c>42["name",value,"offset"]</c> (no offset argument when <paramref name="offset"/> is null).
    /// <paramref name="valueJson"/> is where the value's JSON sits in the packet: a packet is never changed once
    /// encoded, so that slice can carry the same value elsewhere without encoding it again.
    /// </summary>
    public static OutboundMessage EventWithOffset<T>(string nsp, string eventName, T value, JsonTypeInfo<T> typeInfo, string? offset, long ackId, out ReadOnlyMemory<byte> valueJson)
    {
        var buffer = Rent();
        WriteHeader(buffer, SocketIOPacketType.Event, 0, nsp, ackId);
        buffer.Write("["u8);
        buffer.Write(EncodeEventName(eventName));
        buffer.Write(","u8);
        var start = buffer.WrittenCount;
        var json = Json(buffer);
        JsonSerializer.Serialize(json, value, typeInfo);
        json.Flush();
        var length = buffer.WrittenCount - start;
        if (offset is not null)
        {
            buffer.Write(","u8);
            json.Reset(buffer);
            json.WriteStringValue(offset);
            json.Flush();
        }

        buffer.Write("]"u8);
        var packet = Finish(buffer, null);
        valueJson = packet.Data.Slice(start, length);
        return packet;
    }

    /// <summary><c>43id[value]</c>, the value serialized into the packet (as <see cref="Ack(string, long, SocketIOArguments)"/> with <see cref="SocketIOArguments.From"/>).</summary>
    public static OutboundMessage Ack<T>(string nsp, long ackId, T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = Rent();
        WriteHeader(buffer, SocketIOPacketType.Ack, 0, nsp, ackId);
        buffer.Write("["u8);
        var json = Json(buffer);
        JsonSerializer.Serialize(json, value, typeInfo);
        json.Flush();
        buffer.Write("]"u8);
        return Finish(buffer, null);
    }

    /// <summary><c>43id[args…]</c>, or <c>46N-id[…]</c> with attachments.</summary>
    public static OutboundMessage Ack(string nsp, long ackId, SocketIOArguments args)
    {
        var buffer = Rent();
        var binary = args.AttachmentArray.Length > 0;
        WriteHeader(buffer, binary ? SocketIOPacketType.BinaryAck : SocketIOPacketType.Ack, args.AttachmentArray.Length, nsp, ackId);
        buffer.Write("["u8);
        buffer.Write(args.Json.Span);
        buffer.Write("]"u8);
        return Finish(buffer, binary ? args.AttachmentArray : null);
    }

    /// <summary><c>40{"sid":"…"}</c> (with <c>"pid"</c> when connection state recovery is on).</summary>
    public static OutboundMessage Connect(string nsp, string sid, string? pid = null)
    {
        var buffer = Rent();
        WriteHeader(buffer, SocketIOPacketType.Connect, 0, nsp, -1);
        using (var json = new Utf8JsonWriter(buffer, SocketIOArguments.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString(SidName, sid);
            if (pid is not null)
            {
                json.WriteString(PidName, pid);
            }

            json.WriteEndObject();
        }

        return Finish(buffer, null);
    }

    /// <summary><c>44{"message":"…","data":…}</c>; <paramref name="dataJson"/> is written as is when present.</summary>
    public static OutboundMessage ConnectError(string nsp, string message, ReadOnlyMemory<byte> dataJson)
    {
        var buffer = Rent();
        WriteHeader(buffer, SocketIOPacketType.ConnectError, 0, nsp, -1);
        using (var json = new Utf8JsonWriter(buffer, SocketIOArguments.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString(MessageName, message);
            if (!dataJson.IsEmpty)
            {
                json.WritePropertyName(DataName);
                json.WriteRawValue(dataJson.Span, skipInputValidation: true);
            }

            json.WriteEndObject();
        }

        return Finish(buffer, null);
    }

    /// <summary><c>41</c> (or <c>41/nsp,</c>).</summary>
    public static OutboundMessage Disconnect(string nsp)
    {
        var buffer = Rent();
        WriteHeader(buffer, SocketIOPacketType.Disconnect, 0, nsp, -1);
        return Finish(buffer, null);
    }

    private static PooledBufferWriter Rent()
    {
        var buffer = t_buffer ??= new PooledBufferWriter(1024);
        buffer.Clear();
        return buffer;
    }

    /// <summary>The thread's JSON writer, reset onto <paramref name="buffer"/> (whatever a failed serialization left in it is gone).</summary>
    private static Utf8JsonWriter Json(PooledBufferWriter buffer)
    {
        if (t_json is { } json)
        {
            json.Reset(buffer);
            return json;
        }

        return t_json = new Utf8JsonWriter(buffer, SocketIOArguments.WriterOptions);
    }

    private static OutboundMessage Finish(PooledBufferWriter buffer, ReadOnlyMemory<byte>[]? attachments)
    {
        var bytes = buffer.ToArray();
        if (buffer.WrittenCount > 64 * 1024)
        {
            // Do not keep a huge buffer per thread after one large packet.
            t_buffer = null;
            buffer.Dispose();
        }

        return new OutboundMessage(bytes, isBinary: false, attachments);
    }

    private static void WriteHeader(PooledBufferWriter buffer, SocketIOPacketType type, int attachments, string nsp, long ackId)
    {
        var span = buffer.GetSpan(2);
        span[0] = (byte)'4';
        span[1] = (byte)('0' + (int)type);
        buffer.Advance(2);
        if (attachments > 0)
        {
            WriteNumber(buffer, attachments);
            buffer.Write("-"u8);
        }

        if (nsp != "/")
        {
            var size = Encoding.UTF8.GetByteCount(nsp);
            Encoding.UTF8.GetBytes(nsp, buffer.GetSpan(size));
            buffer.Advance(size);
            buffer.Write(","u8);
        }

        if (ackId >= 0)
        {
            WriteNumber(buffer, ackId);
        }
    }

    private static void WriteNumber(PooledBufferWriter buffer, long value)
    {
        Utf8Formatter.TryFormat(value, buffer.GetSpan(20), out var written);
        buffer.Advance(written);
    }

    private static ReadOnlySpan<byte> EncodeEventName(string name)
    {
        if (EventNames.TryGetValue(name, out var cached))
        {
            return cached;
        }

        byte[] encoded;
        using (var stream = new MemoryStream())
        {
            using (var writer = new Utf8JsonWriter(stream, SocketIOArguments.WriterOptions))
            {
                writer.WriteStringValue(name);
            }

            encoded = stream.ToArray();
        }

        if (EventNames.Count < MaxCachedEventNames)
        {
            EventNames.TryAdd(name, encoded);
        }

        return encoded;
    }
}
