using System.Buffers;
using System.Text;
using System.Text.Json;
using ChatService.EngineIO;
using ChatService.EngineIO.Protocol;

namespace ChatService.Tests.EngineIO;

public sealed class PayloadWriterTests
{
    private static readonly EngineIOOptions Options = new()
    {
        PingInterval = TimeSpan.FromMilliseconds(300),
        PingTimeout = TimeSpan.FromMilliseconds(200),
        MaxPayload = 1_000_000,
    };

    [Test]
    public void OpenPacketHasExactlyTheFiveKeysInOrder()
    {
        var packet = Encoding.UTF8.GetString(PayloadWriter.OpenPacket("abc", offerWebSocketUpgrade: true, Options));

        Assert.That(packet, Is.EqualTo("0{\"sid\":\"abc\",\"upgrades\":[\"websocket\"],\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}"));
    }

    [Test]
    public void OpenPacketOfAWebSocketSessionOffersNoUpgrade()
    {
        var packet = Encoding.UTF8.GetString(PayloadWriter.OpenPacket("abc", offerWebSocketUpgrade: false, Options));

        using var json = JsonDocument.Parse(packet[1..]);
        Assert.That(packet[0], Is.EqualTo('0'));
        Assert.That(json.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload" }));
        Assert.That(json.RootElement.GetProperty("upgrades").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void ControlPacketsAreOneDigit()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.ASCII.GetString(PayloadWriter.Ping.Span), Is.EqualTo("2"));
            Assert.That(Encoding.ASCII.GetString(PayloadWriter.Close.Span), Is.EqualTo("1"));
            Assert.That(Encoding.ASCII.GetString(PayloadWriter.Noop.Span), Is.EqualTo("6"));
            Assert.That(Encoding.ASCII.GetString(PayloadWriter.ProbePong.Span), Is.EqualTo("3probe"));
        });
    }

    [Test]
    public void BatchJoinsPacketsWithTheRecordSeparatorAndEncodesBinaryAsBase64()
    {
        var body = Write(
            OutboundMessage.Text("4a"u8.ToArray()),
            OutboundMessage.Text("2"u8.ToArray()),
            OutboundMessage.Binary(new byte[] { 1, 2, 3, 4 }));

        Assert.That(body, Is.EqualTo("4a\u001e" + "2\u001e" + "bAQIDBA=="));
    }

    [Test]
    public void SinglePacketHasNoSeparator()
    {
        Assert.That(Write(OutboundMessage.Text("4hello"u8.ToArray())), Is.EqualTo("4hello"));
        Assert.That(Write(OutboundMessage.Binary(Array.Empty<byte>())), Is.EqualTo("b"));
    }

    [Test]
    public void AttachmentsFollowTheirMessageAsBinaryPackets()
    {
        var message = new OutboundMessage("451-[\"x\",{\"_placeholder\":true,\"num\":0}]"u8.ToArray(), isBinary: false, [new byte[] { 1, 2, 3 }, new byte[] { 4 }]);

        Assert.That(Write(message, OutboundMessage.Text("4next"u8.ToArray())),
            Is.EqualTo("451-[\"x\",{\"_placeholder\":true,\"num\":0}]\u001e" + "bAQID\u001e" + "bBA==\u001e" + "4next"));
    }

    [Test]
    public void EncodedLengthIsWhatAppendWritesAfterAnotherPacket()
    {
        OutboundMessage[] messages =
        [
            OutboundMessage.Text("4hello"u8.ToArray()),
            OutboundMessage.Binary(new byte[] { 1, 2, 3, 4, 5 }),
            new OutboundMessage("45"u8.ToArray(), isBinary: false, [new byte[] { 9 }, new byte[100]]),
        ];

        foreach (var message in messages)
        {
            var buffer = new ArrayBufferWriter<byte>();
            var first = false;
            PayloadWriter.Append(buffer, message, ref first);
            Assert.That(buffer.WrittenCount, Is.EqualTo(PayloadWriter.EncodedLength(message)));
        }
    }

    [Test]
    public void WrittenBatchReadsBackAsTheSamePackets()
    {
        var body = Write(OutboundMessage.Text("4Olá"u8.ToArray()), OutboundMessage.Binary(new byte[] { 0, 255, 7 }));
        var packets = new List<InboundPacket>();

        Assert.That(PayloadReader.TryReadPayload(Encoding.UTF8.GetBytes(body), packets), Is.True);

        Assert.That(packets.Select(p => (p.IsBinary, Convert.ToHexString(p.Data.Span))), Is.EqualTo(new[]
        {
            (false, Convert.ToHexString(Encoding.UTF8.GetBytes("Olá"))),
            (true, "00FF07"),
        }));
    }

    private static string Write(params OutboundMessage[] messages)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var first = true;
        foreach (var message in messages)
        {
            PayloadWriter.Append(buffer, message, ref first);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
