using System.Text;
using System.Text.Json;

namespace ChatService.SocketIO.Protocol;

/// <summary>
/// Decodes one Socket.IO packet from the text of an Engine.IO message:
/// <c>type [attachments "-"] ["/" namespace ","] [ack id] [JSON]</c>.
/// The header is parsed by hand with hard bounds on every attacker-controlled field (attachment count,
/// namespace length, ack id digits, JSON depth); the JSON is validated and its top-level elements located,
/// but not deserialized. Never throws on bad input.
/// </summary>
internal static class PacketReader
{
    /// <summary>At most 15 digits: every id fits in a long and in a JavaScript number exactly.</summary>
    public const int MaxAckIdDigits = 15;

    private static readonly string[] ReservedEvents = ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

    /// <summary>Decodes <paramref name="text"/>; an event name found in <paramref name="names"/> is given as that string.</summary>
    public static PacketReadError TryRead(ReadOnlyMemory<byte> text, SocketIOOptions options, out SocketIOPacket packet, KnownEventNames? names = null)
    {
        packet = default;
        var span = text.Span;
        if (span.IsEmpty)
        {
            return PacketReadError.Empty;
        }

        var typeValue = span[0] - (byte)'0';
        if (typeValue is < 0 or > (int)SocketIOPacketType.BinaryAck)
        {
            return PacketReadError.UnknownType;
        }

        var type = (SocketIOPacketType)typeValue;
        if (type == SocketIOPacketType.ConnectError)
        {
            return PacketReadError.NotAllowedFromClient;
        }

        var position = 1;
        var attachments = 0;
        if (type is SocketIOPacketType.BinaryEvent or SocketIOPacketType.BinaryAck)
        {
            var dash = span[position..].IndexOf((byte)'-');
            if (dash is <= 0 or > 4 || !TryParseDigits(span.Slice(position, dash), out var count) || count > options.MaxAttachments || count < 1)
            {
                return PacketReadError.BadAttachmentCount;
            }

            attachments = (int)count;
            position += dash + 1;
        }

        var nsp = "/";
        if (position < span.Length && span[position] == (byte)'/')
        {
            var rest = span[position..];
            var comma = rest.IndexOf((byte)',');
            var end = comma < 0 ? rest.Length : comma;
            if (end > options.MaxNamespaceLength)
            {
                return PacketReadError.BadNamespace;
            }

            try
            {
                nsp = Utf8Strict.GetString(rest[..end]);
            }
            catch (DecoderFallbackException)
            {
                return PacketReadError.BadNamespace;
            }

            position += comma < 0 ? end : end + 1;
        }

        long ackId = -1;
        var digits = 0;
        while (position + digits < span.Length && span[position + digits] is >= (byte)'0' and <= (byte)'9')
        {
            digits++;
            if (digits > MaxAckIdDigits)
            {
                return PacketReadError.BadAckId;
            }
        }

        if (digits > 0)
        {
            TryParseDigits(span.Slice(position, digits), out ackId);
            position += digits;
        }

        var payload = text[position..];
        return type switch
        {
            SocketIOPacketType.Connect => ReadConnect(nsp, payload, options, out packet),
            SocketIOPacketType.Disconnect => payload.IsEmpty
                ? Done(new SocketIOPacket { Type = type, Namespace = nsp }, out packet)
                : PacketReadError.BadPayload,
            SocketIOPacketType.Event or SocketIOPacketType.BinaryEvent => ReadArray(type, nsp, ackId, attachments, payload, isEvent: true, options, names, out packet),
            _ => ackId < 0 ? PacketReadError.BadAckId : ReadArray(type, nsp, ackId, attachments, payload, isEvent: false, options, names: null, out packet),
        };
    }

    private static readonly UTF8Encoding Utf8Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static PacketReadError Done(SocketIOPacket value, out SocketIOPacket packet)
    {
        packet = value;
        return PacketReadError.None;
    }

    private static PacketReadError ReadConnect(string nsp, ReadOnlyMemory<byte> payload, SocketIOOptions options, out SocketIOPacket packet)
    {
        packet = default;
        if (!payload.IsEmpty)
        {
            try
            {
                var reader = new Utf8JsonReader(payload.Span, new JsonReaderOptions { MaxDepth = options.MaxJsonDepth });
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return PacketReadError.BadPayload;
                }

                reader.Skip();
                if (reader.Read())
                {
                    return PacketReadError.BadPayload;
                }
            }
            catch (JsonException)
            {
                return PacketReadError.BadPayload;
            }
        }

        return Done(new SocketIOPacket { Type = SocketIOPacketType.Connect, Namespace = nsp, Payload = payload }, out packet);
    }

    /// <summary>Validates a JSON array and records where each top-level element is.</summary>
    private static PacketReadError ReadArray(
        SocketIOPacketType type, string nsp, long ackId, int attachments, ReadOnlyMemory<byte> payload, bool isEvent, SocketIOOptions options, KnownEventNames? names, out SocketIOPacket packet)
    {
        packet = default;
        string? name = null;
        // Events rarely have more than a few arguments: their places are collected on the stack, then copied once.
        var ranges = new RangeList(stackalloc (int Start, int Length)[8]);
        int argsStart = -1, argsEnd = -1;
        try
        {
            var reader = new Utf8JsonReader(payload.Span, new JsonReaderOptions { MaxDepth = options.MaxJsonDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return PacketReadError.BadPayload;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                if (isEvent && name is null)
                {
                    name = reader.TokenType switch
                    {
                        JsonTokenType.String => (reader.ValueIsEscaped ? null : names?.Find(reader.ValueSpan)) ?? reader.GetString(),
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => null,
                    };
                    if (name is null)
                    {
                        return PacketReadError.BadPayload;
                    }

                    continue;
                }

                reader.Skip();
                var end = (int)reader.BytesConsumed;
                if (argsStart < 0)
                {
                    argsStart = start;
                }

                argsEnd = end;
                ranges.Add((start - argsStart, end - start));
            }

            if (reader.TokenType != JsonTokenType.EndArray || reader.Read())
            {
                return PacketReadError.BadPayload;
            }
        }
        catch (JsonException)
        {
            return PacketReadError.BadPayload;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 inside a string surfaces here from GetString.
            return PacketReadError.BadPayload;
        }

        if (isEvent && name is null)
        {
            return PacketReadError.BadPayload;
        }

        if (name is not null && Array.IndexOf(ReservedEvents, name) >= 0)
        {
            return PacketReadError.ReservedEventName;
        }

        var json = argsStart < 0 ? ReadOnlyMemory<byte>.Empty : payload[argsStart..argsEnd];
        return Done(
            new SocketIOPacket
            {
                Type = type,
                Namespace = nsp,
                AckId = ackId,
                AttachmentCount = attachments,
                EventName = name,
                Payload = payload,
                Arguments = new SocketIOArguments(json, ranges.ToArray(), []),
            },
            out packet);
    }

    private static bool TryParseDigits(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > MaxAckIdDigits)
        {
            return false;
        }

        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
