using System.Text;
using ChatService.SocketIO;
using ChatService.SocketIO.Protocol;

namespace ChatService.Tests.SocketIO;

public sealed class PacketReaderTests
{
    private static readonly SocketIOOptions Options = new();

    private static (PacketReadError Error, SocketIOPacket Packet) Read(string text, SocketIOOptions? options = null)
    {
        var error = PacketReader.TryRead(Encoding.UTF8.GetBytes(text), options ?? Options, out var packet);
        return (error, packet);
    }

    [TestCase("0", "/", "")]
    [TestCase("0{\"token\":\"123\"}", "/", "{\"token\":\"123\"}")]
    [TestCase("0/custom,", "/custom", "")]
    [TestCase("0/custom", "/custom", "")]
    [TestCase("0/custom,{\"a\":[1,{\"b\":null}]}", "/custom", "{\"a\":[1,{\"b\":null}]}")]
    public void ReadsConnect(string text, string nsp, string payload)
    {
        var (error, packet) = Read(text);
        Assert.That(error, Is.EqualTo(PacketReadError.None));
        Assert.That(packet!.Type, Is.EqualTo(SocketIOPacketType.Connect));
        Assert.That(packet.Namespace, Is.EqualTo(nsp));
        Assert.That(Encoding.UTF8.GetString(packet.Payload.Span), Is.EqualTo(payload));
    }

    [TestCase("1", "/")]
    [TestCase("1/admin,", "/admin")]
    public void ReadsDisconnect(string text, string nsp)
    {
        var (error, packet) = Read(text);
        Assert.That(error, Is.EqualTo(PacketReadError.None));
        Assert.That(packet!.Type, Is.EqualTo(SocketIOPacketType.Disconnect));
        Assert.That(packet.Namespace, Is.EqualTo(nsp));
    }

    [Test]
    public void ReadsEventKeepingArgumentsAsSent()
    {
        var (error, packet) = Read("2[\"message\",1,\"2\",{\"3\":[true]}]");
        Assert.That(error, Is.EqualTo(PacketReadError.None));
        Assert.That(packet!.Type, Is.EqualTo(SocketIOPacketType.Event));
        Assert.That(packet.EventName, Is.EqualTo("message"));
        Assert.That(packet.AckId, Is.EqualTo(-1));
        var args = packet.Arguments;
        Assert.That(args.Count, Is.EqualTo(3));
        Assert.That(Encoding.UTF8.GetString(args.GetRawJson(0).Span), Is.EqualTo("1"));
        Assert.That(args.GetString(1), Is.EqualTo("2"));
        Assert.That(Encoding.UTF8.GetString(args.GetRawJson(2).Span), Is.EqualTo("{\"3\":[true]}"));
        Assert.That(Encoding.UTF8.GetString(args.Json.Span), Is.EqualTo("1,\"2\",{\"3\":[true]}"));
    }

    [Test]
    public void ReadsEventWithNamespaceAndAckId()
    {
        var (error, packet) = Read("2/chat,456[\"message-with-ack\",\"Olá 🎉\"]");
        Assert.That(error, Is.EqualTo(PacketReadError.None));
        Assert.That(packet!.Namespace, Is.EqualTo("/chat"));
        Assert.That(packet.AckId, Is.EqualTo(456));
        Assert.That(packet.Arguments.GetString(0), Is.EqualTo("Olá 🎉"));
    }

    [Test]
    public void ReadsEventWithNoArguments()
    {
        var (error, packet) = Read("2[\"ping\"]");
        Assert.That(error, Is.EqualTo(PacketReadError.None));
        Assert.That(packet!.EventName, Is.EqualTo("ping"));
        Assert.That(packet.Arguments.Count, Is.EqualTo(0));
    }

    [Test]
    public void ReadsAck()
    {
        var (error, packet) = Read("3/admin,12[\"ok\",{\"x\":1}]");
        Assert.That(error, Is.EqualTo(PacketReadError.None));
        Assert.That(packet!.Type, Is.EqualTo(SocketIOPacketType.Ack));
        Assert.That(packet.AckId, Is.EqualTo(12));
        Assert.That(packet.Arguments.Count, Is.EqualTo(2));
    }

    [Test]
    public void ReadsBinaryEventHeader()
    {
        var (error, packet) = Read("52-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        Assert.That(error, Is.EqualTo(PacketReadError.None));
        Assert.That(packet!.Type, Is.EqualTo(SocketIOPacketType.BinaryEvent));
        Assert.That(packet.AttachmentCount, Is.EqualTo(2));
        Assert.That(packet.Arguments.Count, Is.EqualTo(2));
    }

    [Test]
    public void ReadsBinaryAckHeader()
    {
        var (error, packet) = Read("61-/nsp,789[{\"_placeholder\":true,\"num\":0}]");
        Assert.That(error, Is.EqualTo(PacketReadError.None));
        Assert.That(packet!.Type, Is.EqualTo(SocketIOPacketType.BinaryAck));
        Assert.That(packet.Namespace, Is.EqualTo("/nsp"));
        Assert.That(packet.AckId, Is.EqualTo(789));
        Assert.That(packet.AttachmentCount, Is.EqualTo(1));
    }

    [TestCase("", PacketReadError.Empty)]
    [TestCase("abc", PacketReadError.UnknownType)]
    [TestCase("7[]", PacketReadError.UnknownType)]
    [TestCase("4{\"message\":\"x\"}", PacketReadError.NotAllowedFromClient)]
    [TestCase("2{}", PacketReadError.BadPayload)]
    [TestCase("2[]", PacketReadError.BadPayload)]
    [TestCase("2[1", PacketReadError.BadPayload)]
    [TestCase("2[{}]", PacketReadError.BadPayload)]
    [TestCase("2[\"a\"]x", PacketReadError.BadPayload)]
    [TestCase("2abc[\"message-with-ack\",1]", PacketReadError.BadPayload)]
    [TestCase("2[\"connect\"]", PacketReadError.ReservedEventName)]
    [TestCase("2[\"disconnecting\"]", PacketReadError.ReservedEventName)]
    [TestCase("0\"abc\"", PacketReadError.BadPayload)]
    [TestCase("0[1]", PacketReadError.BadPayload)]
    [TestCase("1x", PacketReadError.BadPayload)]
    [TestCase("3[1]", PacketReadError.BadAckId)]
    [TestCase("5[\"a\"]", PacketReadError.BadAttachmentCount)]
    [TestCase("5x-[\"a\"]", PacketReadError.BadAttachmentCount)]
    [TestCase("50-[\"a\"]", PacketReadError.BadAttachmentCount)]
    [TestCase("511-[\"a\"]", PacketReadError.BadAttachmentCount)]
    [TestCase("599999-[\"a\"]", PacketReadError.BadAttachmentCount)]
    [TestCase("21234567890123456[\"a\"]", PacketReadError.BadAckId)]
    public void RefusesMalformedPackets(string text, PacketReadError expected)
    {
        Assert.That(Read(text).Error, Is.EqualTo(expected));
    }

    [Test]
    public void RefusesTooLongNamespace()
    {
        var nsp = "/" + new string('a', Options.MaxNamespaceLength);
        Assert.That(Read("0" + nsp + ",").Error, Is.EqualTo(PacketReadError.BadNamespace));
    }

    [Test]
    public void RefusesTooDeepJson()
    {
        var deep = "2[\"e\"," + new string('[', 100) + new string(']', 100) + "]";
        Assert.That(Read(deep).Error, Is.EqualTo(PacketReadError.BadPayload));
    }

    [Test]
    public void GivesAKnownEventNameAsTheRegisteredString()
    {
        var registered = new string("send_message".AsSpan());
        var names = new KnownEventNames();
        names.Add(registered);

        PacketReader.TryRead("2[\"send_message\",{\"a\":1}]"u8.ToArray(), Options, out var known, names);
        PacketReader.TryRead("2[\"send_m\\u0065ssage\",1]"u8.ToArray(), Options, out var escaped, names);
        PacketReader.TryRead("2[\"other\",1]"u8.ToArray(), Options, out var unknown, names);

        Assert.That(known!.EventName, Is.SameAs(registered));
        Assert.That(escaped!.EventName, Is.EqualTo("send_message"));
        Assert.That(unknown!.EventName, Is.EqualTo("other"));
        Assert.That(PacketReader.TryRead(new byte[] { (byte)'2', (byte)'[', (byte)'"', 0xC3, (byte)'"', (byte)']' }, Options, out _, names), Is.EqualTo(PacketReadError.BadPayload));
    }

    [Test]
    public void ReadsEventWithManyArguments()
    {
        var args = string.Join(",", Enumerable.Range(0, 20).Select(i => $"{{\"n\":{i}}}"));
        var (error, packet) = Read($"2[\"many\",{args}]");
        Assert.That(error, Is.EqualTo(PacketReadError.None));
        Assert.That(packet!.Arguments.Count, Is.EqualTo(20));
        Assert.That(Encoding.UTF8.GetString(packet.Arguments.GetRawJson(19).Span), Is.EqualTo("{\"n\":19}"));
    }

    [Test]
    public void RefusesInvalidUtf8InsteadOfThrowing()
    {
        byte[] bytes = [(byte)'2', (byte)'[', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)']'];
        var error = PacketReader.TryRead(bytes, Options, out _);
        Assert.That(error, Is.Not.EqualTo(PacketReadError.None));
    }

    [Test]
    public void NeverThrowsOnRandomInput()
    {
        var random = new Random(1234);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && random.Next(2) == 0)
            {
                bytes[0] = (byte)('0' + random.Next(7));
            }

            Assert.DoesNotThrow(() => PacketReader.TryRead(bytes, Options, out _));
        }
    }
}
