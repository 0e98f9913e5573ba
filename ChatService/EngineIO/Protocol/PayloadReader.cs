using System.Buffers;
using System.Buffers.Text;

namespace ChatService.EngineIO.Protocol;

/// <summary>
/// Decodes what clients send: one packet per WebSocket text frame, or a polling body of packets separated
/// by the record separator <c>0x1E</c>, where a binary message is <c>b</c> followed by base64.
/// </summary>
/// <remarks>Never throws on bad input: it reports <c>false</c> and the caller closes the session.</remarks>
internal static class PayloadReader
{
    public const byte RecordSeparator = 0x1E;

    /// <summary>Splits and decodes a polling body. The packets' data are slices of <paramref name="body"/>.</summary>
    public static bool TryReadPayload(ReadOnlyMemory<byte> body, List<InboundPacket> packets)
    {
        var remaining = body;
        while (true)
        {
            var index = remaining.Span.IndexOf(RecordSeparator);
            var packet = index < 0 ? remaining : remaining[..index];
            if (!TryReadPacket(packet, out var decoded))
            {
                return false;
            }

            packets.Add(decoded);
            if (index < 0)
            {
                return true;
            }

            remaining = remaining[(index + 1)..];
        }
    }

    /// <summary>Decodes one text packet (a WebSocket text frame, or one element of a polling body).</summary>
    public static bool TryReadPacket(ReadOnlyMemory<byte> packet, out InboundPacket decoded)
    {
        decoded = default;
        if (packet.IsEmpty)
        {
            return false;
        }

        var first = packet.Span[0];
        if (first == (byte)'b')
        {
            return TryDecodeBase64(packet[1..], out decoded);
        }

        var type = first - (byte)'0';
        if (type is < 0 or > (int)EngineIOPacketType.Noop)
        {
            return false;
        }

        decoded = new InboundPacket((EngineIOPacketType)type, packet[1..], IsBinary: false);
        return true;
    }

    private static bool TryDecodeBase64(ReadOnlyMemory<byte> base64, out InboundPacket decoded)
    {
        decoded = default;
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
        var status = Base64.DecodeFromUtf8(base64.Span, bytes, out _, out var written);
        if (status != OperationStatus.Done)
        {
            return false;
        }

        decoded = new InboundPacket(EngineIOPacketType.Message, bytes.AsMemory(0, written), IsBinary: true);
        return true;
    }
}
