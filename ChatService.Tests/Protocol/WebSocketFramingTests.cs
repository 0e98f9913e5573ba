using System.Text;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Protocol;

/// <summary>
/// RFC 6455 framing on the wire, byte for byte, against the Engine.IO echo endpoint: frames in pieces and in
/// batches, fragmentation, control frames, the closing handshake, every protocol error the receive side must
/// catch (with the close code it answers), UTF-8 validation, the payload limit, and the length forms — so that
/// the receive side (our own frame parser on the connection's pipe) keeps behaving as it should. Each bad input is followed by a
/// fresh client that must still get echoes. Run three ways: WebSockets accepted at the connection level sending
/// straight to the socket or into Kestrel's output pipe, and through the HTTP pipeline.
/// </summary>
[TestFixture(true, true)]
[TestFixture(true, false)]
[TestFixture(false, false)]
public sealed class WebSocketFramingTests(bool connectionLevel, bool directSends)
{
    private const int NormalClosure = 1000;
    private const int ProtocolError = 1002;
    private const int InvalidPayloadData = 1007;
    private const int MessageTooBig = 1009;

    /// <summary>A bad message closes the Engine.IO session first: its close packet precedes the close frame (1002, 1007, 1009).</summary>
    private const string EngineIOClosePacket = "1";

    private Task<TestHost> StartAsync(params string[] settings) =>
        EngineIOEchoHost.StartAsync([.. settings, $"EngineIO:ConnectionLevelWebSockets={connectionLevel}", $"EngineIO:DirectSocketSends={directSends}"]);

    // ---- frames in pieces and in batches ----

    [TestCase(20)]
    [TestCase(300)]
    public async Task AFrameSplitAcrossManyWritesIsEchoed(int length)
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);
        var text = "4" + Letters(length - 1);
        var frame = ClientFrame.Text(text, mask: [0xA1, 0x00, 0x5C, 0xFF]);
        var header = frame.Length - length;

        // The first byte alone, the length byte alone, the rest of the header (extended length, mask) in pieces,
        // then the payload in three pieces.
        await wire.SendInPiecesAsync(frame, 1, 2, 3, header - 2, header, header + 1, header + (length / 2));

        Assert.That(await wire.ReadTextAsync(), Is.EqualTo(text));
    }

    [Test]
    public async Task SeveralFramesInOneWriteAreAllEchoedInOrder()
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);
        var binary = Bytes(300);
        var longText = "4" + Letters(200);

        await wire.SendAsync(ClientFrame.Concat(
            ClientFrame.Text("4one"),
            ClientFrame.Binary([1, 2, 3], mask: [0, 0, 0, 0]),
            ClientFrame.Text(longText, mask: [0xFF, 0xFF, 0xFF, 0xFF]),
            ClientFrame.Binary(binary, mask: [9, 8, 7, 6]),
            ClientFrame.Text("4olá"),
            ClientFrame.Text("4last")));

        await AssertTextEchoAsync(wire, "4one");
        await AssertBinaryEchoAsync(wire, [1, 2, 3]);
        await AssertTextEchoAsync(wire, longText);
        await AssertBinaryEchoAsync(wire, binary);
        await AssertTextEchoAsync(wire, "4olá");
        await AssertTextEchoAsync(wire, "4last");
    }

    // ---- fragmentation ----

    [Test]
    public async Task AFragmentedTextMessageIsEchoedAsOneMessage()
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        // One write per fragment, an empty fragment among them.
        await wire.SendAsync(ClientFrame.Text("4Hel", fin: false));
        await wire.SendAsync(ClientFrame.Continuation("", fin: false));
        await wire.SendAsync(ClientFrame.Continuation("lo ", fin: false));
        await wire.SendAsync(ClientFrame.Continuation("world", fin: true));

        await AssertTextEchoAsync(wire, "4Hello world");
    }

    [Test]
    public async Task AFragmentedBinaryMessageIsEchoedAsOneMessage()
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        await wire.SendAsync(ClientFrame.Concat(
            ClientFrame.Binary([1, 2, 3], fin: false),
            ClientFrame.Build(WireOpcode.Continuation, [4, 5], fin: false, mask: [1, 2, 3, 4]),
            ClientFrame.Build(WireOpcode.Continuation, [6], fin: true)));

        await AssertBinaryEchoAsync(wire, [1, 2, 3, 4, 5, 6]);
    }

    [Test]
    public async Task APingBetweenFragmentsIsAnsweredAndTheMessageStillArrivesWhole()
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        await wire.SendAsync(ClientFrame.Concat(
            ClientFrame.Text("4ab", fin: false),
            ClientFrame.Build(WireOpcode.Ping, "mid-message"u8)));

        // Answered while the message is still open.
        var pong = await wire.ReadFrameAsync();
        Assert.That(pong.Opcode, Is.EqualTo(WireOpcode.Pong), pong.ToString());
        Assert.That(pong.Text, Is.EqualTo("mid-message"));

        await wire.SendAsync(ClientFrame.Continuation("cd", fin: true));
        await AssertTextEchoAsync(wire, "4abcd");
    }

    [Test]
    public async Task AMultiByteCharacterSplitAcrossFragmentsIsAccepted()
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);
        var bytes = Encoding.UTF8.GetBytes("4olá");

        // 'á' is C3 A1: the first fragment ends after C3.
        await wire.SendAsync(ClientFrame.Build(WireOpcode.Text, bytes.AsSpan(0, bytes.Length - 1), fin: false));
        await wire.SendAsync(ClientFrame.Build(WireOpcode.Continuation, bytes.AsSpan(bytes.Length - 1), fin: true));

        await AssertTextEchoAsync(wire, "4olá");
    }

    // ---- ping and pong ----

    [TestCase(0)]
    [TestCase(5)]
    [TestCase(125)]
    public async Task APingIsAnsweredWithAPongCarryingTheSamePayload(int length)
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);
        var payload = Bytes(length);

        await wire.SendAsync(ClientFrame.Build(WireOpcode.Ping, payload));

        var pong = await wire.ReadFrameAsync();
        Assert.Multiple(() =>
        {
            Assert.That(pong.Opcode, Is.EqualTo(WireOpcode.Pong), pong.ToString());
            Assert.That(pong.Payload, Is.EqualTo(payload));
            AssertServerFraming(pong);
        });

        await wire.SendAsync(ClientFrame.Text("4after the ping"));
        await AssertTextEchoAsync(wire, "4after the ping");
    }

    [Test]
    public async Task AnUnsolicitedPongIsIgnored()
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        await wire.SendAsync(ClientFrame.Build(WireOpcode.Pong, "unsolicited"u8));
        await wire.SendAsync(ClientFrame.Build(WireOpcode.Pong, []));
        await wire.SendAsync(ClientFrame.Text("4after the pongs"));

        // Nothing answers the pongs: the next frame is the echo.
        await AssertTextEchoAsync(wire, "4after the pongs");
    }

    // ---- the closing handshake ----

    /// <summary>The server does not echo the client's status: it always answers 1000 (normal closure).</summary>
    [TestCase(1000, "bye")]
    [TestCase(1001, "")]
    [TestCase(1002, "")]
    [TestCase(1003, "")]
    [TestCase(1007, "")]
    [TestCase(1008, "")]
    [TestCase(1009, "")]
    [TestCase(1010, "")]
    [TestCase(1011, "")]
    [TestCase(3000, "application")]
    [TestCase(3999, "")]
    [TestCase(4000, "private")]
    [TestCase(4999, "")]
    public async Task ACloseFrameIsAnsweredWith1000AndTheConnectionEnds(int status, string reason)
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        await wire.SendAsync(ClientFrame.Close(status, reason));

        await AssertClosedWithAsync(wire, NormalClosure);
        await AssertServerStillEchoesAsync(host);
    }

    /// <summary>An empty close frame (no status) is answered with 1000 too.</summary>
    [Test]
    public async Task AnEmptyCloseFrameIsAnsweredWith1000AndTheConnectionEnds()
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        await wire.SendAsync(ClientFrame.Build(WireOpcode.Close, []));

        await AssertClosedWithAsync(wire, NormalClosure);
        await AssertServerStillEchoesAsync(host);
    }

    [Test]
    public async Task ACloseFrameBetweenFragmentsIsAnsweredWith1000AndTheConnectionEnds()
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        await wire.SendAsync(ClientFrame.Concat(ClientFrame.Text("4ab", fin: false), ClientFrame.Close(NormalClosure)));

        await AssertClosedWithAsync(wire, NormalClosure);
        await AssertServerStillEchoesAsync(host);
    }

    /// <summary>RFC 6455 §7.4: 0–999, 1004–1006, 1015 and unassigned codes must not be sent on the wire.</summary>
    [TestCase(0)]
    [TestCase(999)]
    [TestCase(1004)]
    [TestCase(1005)]
    [TestCase(1006)]
    [TestCase(1015)]
    [TestCase(1016)]
    [TestCase(1100)]
    [TestCase(2000)]
    [TestCase(2999)]
    [TestCase(5000)]
    [TestCase(65535)]
    public async Task ACloseFrameWithAnInvalidStatusIsClosedWith1002(int status)
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        await wire.SendAsync(ClientFrame.Close(status));

        await AssertClosedWithAsync(wire, ProtocolError, EngineIOClosePacket);
        await AssertServerStillEchoesAsync(host);
    }

    [Test]
    public async Task ACloseFrameWithAOneBytePayloadIsClosedWith1002()
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        await wire.SendAsync(ClientFrame.Build(WireOpcode.Close, [0x03]));

        await AssertClosedWithAsync(wire, ProtocolError, EngineIOClosePacket);
        await AssertServerStillEchoesAsync(host);
    }

    /// <summary>A close reason must be UTF-8 too (§5.5.1): answered with 1007 (invalid payload data), as for a text message.</summary>
    [Test]
    public async Task ACloseReasonThatIsNotUtf8IsClosedWith1007()
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        await wire.SendAsync(ClientFrame.Build(WireOpcode.Close, [0x03, 0xE8, 0x61, 0xC3, 0x28]));

        await AssertClosedWithAsync(wire, InvalidPayloadData, EngineIOClosePacket);
        await AssertServerStillEchoesAsync(host);
    }

    // ---- protocol errors ----

    [TestCaseSource(nameof(ProtocolErrors))]
    public async Task AProtocolErrorIsClosedWith1002(byte[] bytes)
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        await wire.SendAsync(bytes);

        await AssertClosedWithAsync(wire, ProtocolError, EngineIOClosePacket);
        await AssertServerStillEchoesAsync(host);
    }

    private static TestCaseData[] ProtocolErrors() =>
    [
        Case("an unmasked text frame", ClientFrame.Build(WireOpcode.Text, "4hello"u8, masked: false)),
        Case("an unmasked ping", ClientFrame.Build(WireOpcode.Ping, "hello!"u8, masked: false)),
        Case("RSV1 set on a text frame", ClientFrame.Build(WireOpcode.Text, "4hi"u8, rsv: 4)),
        Case("RSV2 set on a text frame", ClientFrame.Build(WireOpcode.Text, "4hi"u8, rsv: 2)),
        Case("RSV3 set on a text frame", ClientFrame.Build(WireOpcode.Text, "4hi"u8, rsv: 1)),
        Case("RSV1 set on a ping", ClientFrame.Build(WireOpcode.Ping, "hi"u8, rsv: 4)),
        Case("reserved data opcode 0x3", ClientFrame.Build(0x3, "4hi"u8)),
        Case("reserved data opcode 0x7", ClientFrame.Build(0x7, "4hi"u8)),
        Case("reserved control opcode 0xB", ClientFrame.Build(0xB, "hi"u8)),
        Case("reserved control opcode 0xF", ClientFrame.Build(0xF, "hi"u8)),
        Case("a ping with a 126-byte payload", ClientFrame.Build(WireOpcode.Ping, new byte[126])),
        Case("a pong with a 126-byte payload", ClientFrame.Build(WireOpcode.Pong, new byte[126])),
        Case("a close with a 126-byte payload", ClientFrame.Close(NormalClosure, new string('a', 124))),
        Case("a fragmented ping (FIN clear)", ClientFrame.Build(WireOpcode.Ping, "hi"u8, fin: false)),
        Case("a fragmented close (FIN clear)", ClientFrame.Build(WireOpcode.Close, [0x03, 0xE8], fin: false)),
        Case("a final continuation frame with no message started", ClientFrame.Continuation("4x", fin: true)),
        Case("a continuation frame with no message started", ClientFrame.Continuation("4x", fin: false)),
        Case("a text frame while a fragmented text message is in progress",
            ClientFrame.Concat(ClientFrame.Text("4ab", fin: false), ClientFrame.Text("4cd"))),
        Case("a binary frame while a fragmented text message is in progress",
            ClientFrame.Concat(ClientFrame.Text("4ab", fin: false), ClientFrame.Binary([1, 2]))),
        Case("a text frame while a fragmented binary message is in progress",
            ClientFrame.Concat(ClientFrame.Binary([1], fin: false), ClientFrame.Text("4cd"))),
        Case("a 64-bit length with its most significant bit set",
            ClientFrame.Concat(ClientFrame.Header(WireOpcode.Text, 0x8000_0000_0000_0005, extendedLengthBytes: 8), ClientFrame.Mask("4abcd"u8))),
    ];

    [Test]
    public async Task AContinuationFrameAfterAWholeMessageIsClosedWith1002()
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);
        await wire.SendAsync(ClientFrame.Text("4whole"));
        await AssertTextEchoAsync(wire, "4whole");

        await wire.SendAsync(ClientFrame.Continuation("more", fin: true));

        await AssertClosedWithAsync(wire, ProtocolError, EngineIOClosePacket);
        await AssertServerStillEchoesAsync(host);
    }

    /// <summary>
    /// RFC 6455 §5.1: a server must close the connection when a client frame is not masked — whatever the frame's
    /// size. (Unmasked frames of 6 bytes or more are in <see cref="ProtocolErrors"/>.)
    /// </summary>
    [TestCase("4hi")]
    [TestCase("")]
    public async Task AShortUnmaskedFrameIsClosedWith1002WithoutWaitingForMoreBytes(string text)
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        await wire.SendAsync(ClientFrame.Build(WireOpcode.Text, Encoding.UTF8.GetBytes(text), masked: false));

        await AssertClosedWithAsync(wire, ProtocolError, EngineIOClosePacket);
        await AssertServerStillEchoesAsync(host);
    }

    /// <summary>
    /// RFC 6455 §5.5.1: after its close frame an endpoint sends no more data frames. A message echoed just before a
    /// protocol error may come before the close frame, never after it.
    /// </summary>
    [Test]
    public async Task NoDataFrameFollowsTheCloseFrame()
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        await wire.SendAsync(ClientFrame.Concat(ClientFrame.Text("4whole"), ClientFrame.Continuation("more", fin: true)));

        var frames = await wire.ReadUntilCloseAsync();
        Assert.Multiple(() =>
        {
            Assert.That(frames.SkipLast(1).Select(f => f.Text), Is.SubsetOf(new[] { "4whole", EngineIOClosePacket }), string.Join(", ", frames));
            Assert.That(frames[^1].CloseStatus, Is.EqualTo(ProtocolError), frames[^1].ToString());
        });
        Assert.That(await wire.ReadToEndAsync(), Is.Empty, "nothing after the close frame, then the end of the TCP connection");
        await AssertServerStillEchoesAsync(host);
    }

    // ---- UTF-8 ----

    [TestCaseSource(nameof(InvalidUtf8))]
    public async Task ATextMessageThatIsNotUtf8IsClosedWith1007(byte[] bytes)
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        await wire.SendAsync(bytes);

        await AssertClosedWithAsync(wire, InvalidPayloadData, EngineIOClosePacket);
        await AssertServerStillEchoesAsync(host);
    }

    private static TestCaseData[] InvalidUtf8() =>
    [
        Case("34 C3 28 (a lead byte without its continuation)", ClientFrame.Build(WireOpcode.Text, [0x34, 0xC3, 0x28])),
        Case("34 C3 (a character cut at the end of the message)", ClientFrame.Build(WireOpcode.Text, [0x34, 0xC3])),
        Case("34 C0 AF (an overlong encoding)", ClientFrame.Build(WireOpcode.Text, [0x34, 0xC0, 0xAF])),
        Case("34 ED A0 80 (a UTF-16 surrogate)", ClientFrame.Build(WireOpcode.Text, [0x34, 0xED, 0xA0, 0x80])),
        Case("34 F4 90 80 80 (beyond U+10FFFF)", ClientFrame.Build(WireOpcode.Text, [0x34, 0xF4, 0x90, 0x80, 0x80])),
        Case("34 FF", ClientFrame.Build(WireOpcode.Text, [0x34, 0xFF])),
        Case("34 6F | C3 28 (in the second fragment)",
            ClientFrame.Concat(ClientFrame.Build(WireOpcode.Text, [0x34, 0x6F], fin: false), ClientFrame.Build(WireOpcode.Continuation, [0xC3, 0x28]))),
        Case("34 C3 | (a character cut at the end of a fragmented message)",
            ClientFrame.Concat(ClientFrame.Build(WireOpcode.Text, [0x34, 0x6F], fin: false), ClientFrame.Build(WireOpcode.Continuation, [0xC3]))),
    ];

    // ---- the payload limit ----

    [TestCase(1)]
    [TestCase(4)]
    public async Task AMessageOfExactlyMaxPayloadIsEchoed(int fragments)
    {
        await using var host = await StartAsync("EngineIO:MaxPayload=1000");
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);
        var text = "4" + Letters(999);

        await wire.SendAsync(Fragmented(WireOpcode.Text, Encoding.UTF8.GetBytes(text), fragments));

        await AssertTextEchoAsync(wire, text);
    }

    [TestCase(1001)]
    [TestCase(5000)]
    public async Task AFrameOverMaxPayloadIsClosedWith1009(int length)
    {
        await using var host = await StartAsync("EngineIO:MaxPayload=1000");
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        await wire.SendAsync(ClientFrame.Text("4" + Letters(length - 1)));

        await AssertClosedWithAsync(wire, MessageTooBig, EngineIOClosePacket);
        await AssertServerStillEchoesAsync(host);
    }

    [TestCase(WireOpcode.Text)]
    [TestCase(WireOpcode.Binary)]
    public async Task FragmentsAddingUpToMoreThanMaxPayloadAreClosedWith1009(int opcode)
    {
        await using var host = await StartAsync("EngineIO:MaxPayload=1000");
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        // Four fragments of 300 bytes: each one well within the limit, 1,200 together.
        await wire.SendAsync(Fragmented(opcode, Encoding.ASCII.GetBytes("4" + Letters(1199)), 4));

        await AssertClosedWithAsync(wire, MessageTooBig, EngineIOClosePacket);
        await AssertServerStillEchoesAsync(host);
    }

    /// <summary>The header refuses the frame; the payload already sent behind it changes nothing.</summary>
    [Test]
    public async Task AFrameDeclaringALengthFarBeyondMaxPayloadIsClosedWith1009OnceItsPayloadArrives()
    {
        await using var host = await StartAsync("EngineIO:MaxPayload=1000");
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        // A 1 TiB frame: the header and its first 8 KiB.
        await wire.SendAsync(ClientFrame.Concat(
            ClientFrame.Header(WireOpcode.Text, 1UL << 40),
            ClientFrame.Mask(Encoding.ASCII.GetBytes("4" + Letters(8191)))));

        await AssertClosedWithAsync(wire, MessageTooBig, EngineIOClosePacket);
        await AssertServerStillEchoesAsync(host);
    }

    [Test]
    public async Task AFrameHeaderDeclaringALengthBeyondMaxPayloadIsClosedWith1009WithoutWaitingForThePayload()
    {
        await using var host = await StartAsync("EngineIO:MaxPayload=1000");
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        // The header alone: the declared length is enough to refuse the frame.
        await wire.SendAsync(ClientFrame.Header(WireOpcode.Text, 1UL << 40));

        await AssertClosedWithAsync(wire, MessageTooBig, EngineIOClosePacket);
        await AssertServerStillEchoesAsync(host);
    }

    // ---- length forms and the server's own framing ----

    [TestCase(1)]
    [TestCase(125)]
    [TestCase(126)]
    [TestCase(127)]
    [TestCase(65535)]
    [TestCase(65536)]
    [TestCase(70_000)]
    public async Task ABinaryMessageRoundTripsInEachLengthForm(int length)
    {
        await using var host = await StartAsync("EngineIO:MaxPayload=200000");
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);
        var data = Bytes(length);

        await wire.SendAsync(ClientFrame.Binary(data, mask: [0x12, 0x34, 0x56, 0x78]));

        await AssertBinaryEchoAsync(wire, data);
    }

    [TestCase(1)]
    [TestCase(125)]
    [TestCase(126)]
    [TestCase(65535)]
    [TestCase(65536)]
    [TestCase(70_000)]
    public async Task ATextMessageRoundTripsInEachLengthForm(int length)
    {
        await using var host = await StartAsync("EngineIO:MaxPayload=200000");
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);
        var text = "4" + Letters(length - 1);

        await wire.SendAsync(ClientFrame.Text(text));

        await AssertTextEchoAsync(wire, text);
    }

    /// <summary>RFC 6455 asks for the shortest length form, but a longer one is accepted (as ManagedWebSocket did, and browsers never send).</summary>
    [TestCase(2)]
    [TestCase(8)]
    public async Task ALengthInALongerFormThanNeededIsAccepted(int extendedLengthBytes)
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);

        await wire.SendAsync(ClientFrame.Build(WireOpcode.Text, "4abcd"u8, extendedLengthBytes: extendedLengthBytes));

        await AssertTextEchoAsync(wire, "4abcd");
    }

    [Test]
    public async Task TheOpenPacketIsOneUnmaskedFinalTextFrame()
    {
        await using var host = await StartAsync();
        using var wire = await RawWebSocketWire.ConnectAsync(host.Address);

        var open = await wire.ReadFrameAsync();

        Assert.Multiple(() =>
        {
            Assert.That(open.Opcode, Is.EqualTo(WireOpcode.Text), open.ToString());
            Assert.That(open.Text, Does.StartWith("0{\"sid\":"));
            AssertServerFraming(open);
        });
    }

    // ---- helpers ----

    private static TestCaseData Case(string name, byte[] bytes) => new TestCaseData(bytes).SetArgDisplayNames(name);

    /// <summary>Every frame from the server: final, no reserved bits, unmasked (RFC 6455 §5.1), the shortest length form.</summary>
    private static void AssertServerFraming(WireFrame frame)
    {
        Assert.That(frame.Fin, Is.True, $"FIN: {frame}");
        Assert.That(frame.Rsv, Is.Zero, $"RSV bits: {frame}");
        Assert.That(frame.Masked, Is.False, $"mask bit: {frame}");
        Assert.That(frame.ExtendedLengthBytes, Is.EqualTo(WireFrame.ShortestExtendedLengthBytes(frame.Payload.Length)), $"length form: {frame}");
    }

    private static async Task AssertTextEchoAsync(RawWebSocketWire wire, string text)
    {
        var frame = await wire.ReadFrameAsync();
        Assert.Multiple(() =>
        {
            Assert.That(frame.Opcode, Is.EqualTo(WireOpcode.Text), frame.ToString());
            Assert.That(frame.Text, Is.EqualTo(text));
            AssertServerFraming(frame);
        });
    }

    private static async Task AssertBinaryEchoAsync(RawWebSocketWire wire, byte[] data)
    {
        var frame = await wire.ReadFrameAsync();
        Assert.Multiple(() =>
        {
            Assert.That(frame.Opcode, Is.EqualTo(WireOpcode.Binary), frame.ToString());
            Assert.That(frame.Payload, Is.EqualTo(data));
            AssertServerFraming(frame);
        });
    }

    /// <summary>
    /// The server's close frame comes next, with <paramref name="status"/>, preceded only by the text frames
    /// <paramref name="before"/>; then the server ends the TCP connection (without waiting for the client to answer
    /// the close).
    /// </summary>
    private static async Task AssertClosedWithAsync(RawWebSocketWire wire, int status, params string[] before)
    {
        var frames = await wire.ReadUntilCloseAsync();
        var close = frames[^1];
        Assert.Multiple(() =>
        {
            Assert.That(frames.SkipLast(1).Select(f => f.Opcode == WireOpcode.Text ? f.Text : f.ToString()), Is.EqualTo(before),
                "frames before the close: " + string.Join(", ", frames));
            Assert.That(close.CloseStatus, Is.EqualTo(status), close.ToString());
            AssertServerFraming(close);
        });
        Assert.That(await wire.ReadToEndAsync(), Is.Empty, "nothing after the close frame, then the end of the TCP connection");
    }

    /// <summary>A fresh client on the same host opens a session and gets its echo.</summary>
    private static async Task AssertServerStillEchoesAsync(TestHost host)
    {
        using var wire = await RawWebSocketWire.OpenAsync(host.Address);
        await wire.SendAsync(ClientFrame.Text("4still here"));
        await AssertTextEchoAsync(wire, "4still here");
    }

    /// <summary>One message as <paramref name="fragments"/> frames of (about) equal size, in one buffer.</summary>
    private static byte[] Fragmented(int opcode, byte[] payload, int fragments)
    {
        var size = (payload.Length + fragments - 1) / fragments;
        var frames = new List<byte[]>();
        for (var i = 0; i < fragments; i++)
        {
            var start = i * size;
            var end = Math.Min(payload.Length, start + size);
            frames.Add(ClientFrame.Build(i == 0 ? opcode : WireOpcode.Continuation, payload.AsSpan(start, end - start), fin: i == fragments - 1));
        }

        return ClientFrame.Concat([.. frames]);
    }

    private static string Letters(int count) => string.Create(count, 0, static (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (char)('a' + (i % 26));
        }
    });

    private static byte[] Bytes(int count) => [.. Enumerable.Range(0, count).Select(i => (byte)(i * 7 + 3))];
}
