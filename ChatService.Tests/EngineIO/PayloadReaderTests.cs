using System.Text;
using ChatService.EngineIO;
using ChatService.EngineIO.Protocol;

namespace ChatService.Tests.EngineIO;

public sealed class PayloadReaderTests
{
    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [TestCase("0{\"sid\":\"x\"}", EngineIOPacketType.Open, "{\"sid\":\"x\"}")]
    [TestCase("1", EngineIOPacketType.Close, "")]
    [TestCase("2", EngineIOPacketType.Ping, "")]
    [TestCase("2probe", EngineIOPacketType.Ping, "probe")]
    [TestCase("3", EngineIOPacketType.Pong, "")]
    [TestCase("3probe", EngineIOPacketType.Pong, "probe")]
    [TestCase("4", EngineIOPacketType.Message, "")]
    [TestCase("4hello", EngineIOPacketType.Message, "hello")]
    [TestCase("4Olá 😀", EngineIOPacketType.Message, "Olá 😀")]
    [TestCase("5", EngineIOPacketType.Upgrade, "")]
    [TestCase("6", EngineIOPacketType.Noop, "")]
    public void ReadsEveryPacketType(string packet, EngineIOPacketType type, string data)
    {
        Assert.That(PayloadReader.TryReadPacket(Bytes(packet), out var decoded), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(decoded.Type, Is.EqualTo(type));
            Assert.That(decoded.IsBinary, Is.False);
            Assert.That(Encoding.UTF8.GetString(decoded.Data.Span), Is.EqualTo(data));
        });
    }

    [TestCase("bAQIDBA==", new byte[] { 1, 2, 3, 4 })]
    [TestCase("bAQID", new byte[] { 1, 2, 3 })]
    [TestCase("b", new byte[0])]
    [TestCase("b/+8=", new byte[] { 0xFF, 0xEF })]
    public void ReadsBase64BinaryMessages(string packet, byte[] data)
    {
        Assert.That(PayloadReader.TryReadPacket(Bytes(packet), out var decoded), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(decoded.Type, Is.EqualTo(EngineIOPacketType.Message));
            Assert.That(decoded.IsBinary, Is.True);
            Assert.That(decoded.Data.ToArray(), Is.EqualTo(data));
        });
    }

    [TestCase("")]
    [TestCase("abc")]
    [TestCase("7")]
    [TestCase("9hello")]
    [TestCase("/")]
    [TestCase(" 4hello")]
    [TestCase("bAQIDBA")]
    [TestCase("b!!!!")]
    [TestCase("bAQ=D")]
    public void RefusesInvalidPackets(string packet)
    {
        Assert.That(PayloadReader.TryReadPacket(Bytes(packet), out _), Is.False);
    }

    [Test]
    public void SplitsABatchOnTheRecordSeparator()
    {
        var packets = new List<InboundPacket>();

        Assert.That(PayloadReader.TryReadPayload(Bytes("4a\u001e4b\u001ebAQID\u001e3"), packets), Is.True);

        Assert.That(packets.Select(p => (p.Type, p.IsBinary, Convert.ToHexString(p.Data.Span))), Is.EqualTo(new[]
        {
            (EngineIOPacketType.Message, false, "61"),
            (EngineIOPacketType.Message, false, "62"),
            (EngineIOPacketType.Message, true, "010203"),
            (EngineIOPacketType.Pong, false, ""),
        }));
    }

    [Test]
    public void ReadsASinglePacketPayload()
    {
        var packets = new List<InboundPacket>();

        Assert.That(PayloadReader.TryReadPayload(Bytes("4hello"), packets), Is.True);

        Assert.That(packets, Has.Count.EqualTo(1));
        Assert.That(Encoding.UTF8.GetString(packets[0].Data.Span), Is.EqualTo("hello"));
    }

    [TestCase("")]
    [TestCase("\u001e")]
    [TestCase("4a\u001e")]
    [TestCase("\u001e4a")]
    [TestCase("4a\u001e\u001e4b")]
    [TestCase("4a\u001e" + "abc")]
    [TestCase("4a\u001e" + "b!!")]
    public void RefusesInvalidPayloads(string payload)
    {
        Assert.That(PayloadReader.TryReadPayload(Bytes(payload), new List<InboundPacket>()), Is.False);
    }

    [Test]
    public void NeverThrowsOnArbitraryBytes()
    {
        var random = new Random(20240601);
        var alphabet = Encoding.ASCII.GetBytes("0123456789b\u001e" + "ABab+/=-_ ");
        for (var i = 0; i < 20_000; i++)
        {
            var input = new byte[random.Next(0, 40)];
            for (var j = 0; j < input.Length; j++)
            {
                input[j] = i % 2 == 0 ? alphabet[random.Next(alphabet.Length)] : (byte)random.Next(256);
            }

            try
            {
                PayloadReader.TryReadPayload(input, new List<InboundPacket>());
                PayloadReader.TryReadPacket(input, out _);
            }
            catch (Exception ex)
            {
                Assert.Fail($"{ex.GetType().Name} on [{Convert.ToHexString(input)}]: {ex.Message}");
            }
        }
    }
}
