using System.Text;
using ChatService.Chat.Contracts;
using ChatService.SocketIO;
using ChatService.SocketIO.Protocol;

namespace ChatService.Tests.SocketIO;

public sealed class PacketWriterTests
{
    private static string Text(ChatService.EngineIO.OutboundMessage message) => Encoding.UTF8.GetString(message.Data.Span);

    [Test]
    public void WritesEventOnMainNamespace()
    {
        var args = new SocketIOArguments.Builder().AddString("Olá <b>&'\"").AddJson("{\"3\":[true]}"u8).Build();
        Assert.That(Text(PacketWriter.Event("/", "message-back", args)), Is.EqualTo("42[\"message-back\",\"Olá <b>&'\\\"\",{\"3\":[true]}]"));
    }

    [Test]
    public void WritesEventWithNamespaceAndAckId()
    {
        Assert.That(Text(PacketWriter.Event("/custom", "ask", SocketIOArguments.FromString("q"), 7)), Is.EqualTo("42/custom,7[\"ask\",\"q\"]"));
    }

    [Test]
    public void WritesBinaryEventWithPlaceholdersAndAttachments()
    {
        var args = new SocketIOArguments.Builder().AddBinary(new byte[] { 1, 2, 3 }).AddBinary(new byte[] { 4, 5, 6 }).Build();
        var message = PacketWriter.Event("/", "message-back", args);
        Assert.That(Text(message), Is.EqualTo("452-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"));
        Assert.That(message.Attachments, Has.Length.EqualTo(2));
        Assert.That(message.Attachments![1].ToArray(), Is.EqualTo(new byte[] { 4, 5, 6 }));
    }

    [Test]
    public void EchoesReceivedArgumentsByteForByte()
    {
        PacketReader.TryRead(Encoding.UTF8.GetBytes("2[\"message\",1,\"2\",{\"3\":[true]}]"), new SocketIOOptions(), out var packet);
        Assert.That(Text(PacketWriter.Event("/", "message-back", packet!.Arguments)), Is.EqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]"));
        Assert.That(Text(PacketWriter.Ack("/", 456, packet.Arguments)), Is.EqualTo("43456[1,\"2\",{\"3\":[true]}]"));
    }

    [Test]
    public void WritesValuesStraightIntoThePacketAsArgumentsWouldBe()
    {
        var value = new NewMessageEvent(12, "sid-1", "Zé \"<b>\"", "Olá pessoal 🎉 \n & '\u2028'", "geral", "2026-01-31T13:45:00.123Z", "user", null);
        var info = ChatJsonContext.Default.NewMessageEvent;
        Assert.That(Text(PacketWriter.Event("/", "new_message", value, info)), Is.EqualTo(Text(PacketWriter.Event("/", "new_message", SocketIOArguments.From(value, info)))));
        Assert.That(Text(PacketWriter.Event("/custom", "ask", "q", SocketIOJsonContext.Default.String, 7)), Is.EqualTo("42/custom,7[\"ask\",\"q\"]"));
        Assert.That(Text(PacketWriter.Ack("/", 5, value, info)), Is.EqualTo(Text(PacketWriter.Ack("/", 5, SocketIOArguments.From(value, info)))));
    }

    [Test]
    public void WritesEventWithOffsetAndPointsAtTheValue()
    {
        var value = new NewMessageEvent(12, "sid-1", "Zé", "Olá \"pessoal\"", "geral", "2026-01-31T13:45:00.123Z", "user", "c-1");
        var info = ChatJsonContext.Default.NewMessageEvent;
        var packet = PacketWriter.EventWithOffset("/", "new_message", value, info, "12", ackId: -1, out var json);
        var expected = new SocketIOArguments.Builder().Add(value, info).AddString("12").Build();
        Assert.That(Text(packet), Is.EqualTo(Text(PacketWriter.Event("/", "new_message", expected))));
        Assert.That(Encoding.UTF8.GetString(json.Span), Is.EqualTo(Encoding.UTF8.GetString(expected.GetRawJson(0).Span)));
    }

    [Test]
    public void WritesBinaryAck()
    {
        var args = new SocketIOArguments.Builder().AddBinary(new byte[] { 9 }).Build();
        Assert.That(Text(PacketWriter.Ack("/", 789, args)), Is.EqualTo("461-789[{\"_placeholder\":true,\"num\":0}]"));
    }

    [Test]
    public void WritesConnectAnswers()
    {
        Assert.That(Text(PacketWriter.Connect("/", "abc")), Is.EqualTo("40{\"sid\":\"abc\"}"));
        Assert.That(Text(PacketWriter.Connect("/custom", "abc")), Is.EqualTo("40/custom,{\"sid\":\"abc\"}"));
        Assert.That(Text(PacketWriter.Connect("/", "abc", "p1")), Is.EqualTo("40{\"sid\":\"abc\",\"pid\":\"p1\"}"));
    }

    [Test]
    public void WritesConnectErrorWithAndWithoutData()
    {
        Assert.That(Text(PacketWriter.ConnectError("/random", "Invalid namespace", default)), Is.EqualTo("44/random,{\"message\":\"Invalid namespace\"}"));
        Assert.That(
            Text(PacketWriter.ConnectError("/", "not authorized", "{\"reason\":\"bad token\"}"u8.ToArray())),
            Is.EqualTo("44{\"message\":\"not authorized\",\"data\":{\"reason\":\"bad token\"}}"));
    }

    [Test]
    public void WritesDisconnect()
    {
        Assert.That(Text(PacketWriter.Disconnect("/")), Is.EqualTo("41"));
        Assert.That(Text(PacketWriter.Disconnect("/admin")), Is.EqualTo("41/admin,"));
    }

    [Test]
    public void RoundTripsThroughTheReader()
    {
        var args = new SocketIOArguments.Builder().AddString("a,b").AddJson("[1,2,{\"x\":\"/y,\"}]"u8).AddBinary(new byte[] { 0xFF }).Build();
        var encoded = PacketWriter.Event("/nsp", "evt", args, 42);
        var error = PacketReader.TryRead(encoded.Data[1..], new SocketIOOptions(), out var packet);
        Assert.That(error, Is.EqualTo(PacketReadError.None));
        Assert.That(packet!.Namespace, Is.EqualTo("/nsp"));
        Assert.That(packet.AckId, Is.EqualTo(42));
        Assert.That(packet.EventName, Is.EqualTo("evt"));
        Assert.That(packet.AttachmentCount, Is.EqualTo(1));
        Assert.That(packet.Arguments.GetString(0), Is.EqualTo("a,b"));
        Assert.That(Encoding.UTF8.GetString(packet.Arguments.GetRawJson(1).Span), Is.EqualTo("[1,2,{\"x\":\"/y,\"}]"));
        var withBinary = packet.Arguments.WithAttachments([new byte[] { 0xFF }]);
        Assert.That(withBinary.TryGetBinary(2, out var bytes), Is.True);
        Assert.That(bytes.ToArray(), Is.EqualTo(new byte[] { 0xFF }));
    }
}
