using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace ChatService.EngineIO.Protocol;

/// <summary>Encodes what the server sends: polling bodies, the open packet and control packets.</summary>
internal static class PayloadWriter
{
    // Cached control packets: the same bytes for every session.
    public static readonly ReadOnlyMemory<byte> Ping = "2"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> Close = "1"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> Noop = "6"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> ProbePong = "3probe"u8.ToArray();

    private static readonly JsonEncodedText SidName = JsonEncodedText.Encode("sid");
    private static readonly JsonEncodedText UpgradesName = JsonEncodedText.Encode("upgrades");
    private static readonly JsonEncodedText PingIntervalName = JsonEncodedText.Encode("pingInterval");
    private static readonly JsonEncodedText PingTimeoutName = JsonEncodedText.Encode("pingTimeout");
    private static readonly JsonEncodedText MaxPayloadName = JsonEncodedText.Encode("maxPayload");
    private static readonly JsonEncodedText WebSocketValue = JsonEncodedText.Encode("websocket");

    /// <summary>Writes <c>0{"sid","upgrades","pingInterval","pingTimeout","maxPayload"}</c> with exactly those keys.</summary>
    public static byte[] OpenPacket(string sid, bool offerWebSocketUpgrade, EngineIOOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(160);
        buffer.GetSpan(1)[0] = (byte)'0';
        buffer.Advance(1);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(SidName, sid);
            json.WriteStartArray(UpgradesName);
            if (offerWebSocketUpgrade)
            {
                json.WriteStringValue(WebSocketValue);
            }

            json.WriteEndArray();
            json.WriteNumber(PingIntervalName, (long)options.PingInterval.TotalMilliseconds);
            json.WriteNumber(PingTimeoutName, (long)options.PingTimeout.TotalMilliseconds);
            json.WriteNumber(MaxPayloadName, options.MaxPayload);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Appends one message (and its attachments) to a polling body, separators included.</summary>
    public static void Append(IBufferWriter<byte> output, in OutboundMessage message, ref bool first)
    {
        AppendOne(output, message.Data.Span, message.IsBinary, ref first);
        if (message.Attachments is { } attachments)
        {
            foreach (var attachment in attachments)
            {
                AppendOne(output, attachment.Span, isBinary: true, ref first);
            }
        }
    }

    /// <summary>How many bytes <see cref="Append"/> will write for <paramref name="message"/>, separators included.</summary>
    public static int EncodedLength(in OutboundMessage message)
    {
        var length = 1 + EncodedLength(message.Data.Length, message.IsBinary);
        if (message.Attachments is { } attachments)
        {
            foreach (var attachment in attachments)
            {
                length += 1 + EncodedLength(attachment.Length, isBinary: true);
            }
        }

        return length;
    }

    private static int EncodedLength(int length, bool isBinary) => isBinary ? 1 + Base64.GetMaxEncodedToUtf8Length(length) : length;

    private static void AppendOne(IBufferWriter<byte> output, ReadOnlySpan<byte> data, bool isBinary, ref bool first)
    {
        var size = EncodedLength(data.Length, isBinary) + 1;
        var span = output.GetSpan(size);
        var written = 0;
        if (!first)
        {
            span[written++] = PayloadReader.RecordSeparator;
        }

        first = false;
        if (isBinary)
        {
            span[written++] = (byte)'b';
            Base64.EncodeToUtf8(data, span[written..], out _, out var encoded);
            written += encoded;
        }
        else
        {
            data.CopyTo(span[written..]);
            written += data.Length;
        }

        output.Advance(written);
    }
}
