using System.Net;
using System.Net.WebSockets;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Protocol;

/// <summary>
/// Run three ways: WebSockets answered at the connection level sending straight to the socket (the default) or
/// into Kestrel's output pipe, and through the HTTP pipeline.
/// </summary>
[TestFixture(true, true)]
[TestFixture(true, false)]
[TestFixture(false, false)]
public sealed class EngineIOWebSocketTests(bool connectionLevel, bool directSends)
{
    private Task<TestHost> StartAsync(params string[] settings) =>
        EngineIOEchoHost.StartAsync([.. settings, $"EngineIO:ConnectionLevelWebSockets={connectionLevel}", $"EngineIO:DirectSocketSends={directSends}"]);

    [Test]
    public async Task TextFrameIsEchoedAsText()
    {
        await using var host = await StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("4Olá \"mundo\" <&>");

        Assert.That(await socket.ReceiveTextAsync(), Is.EqualTo("4Olá \"mundo\" <&>"));
    }

    [Test]
    public async Task BinaryFrameIsEchoedAsBinary()
    {
        await using var host = await StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        await socket.SendBinaryAsync([1, 2, 3, 4]);

        var frame = await socket.ReceiveAsync();
        Assert.Multiple(() =>
        {
            Assert.That(frame.Type, Is.EqualTo(WebSocketMessageType.Binary));
            Assert.That(frame.Data, Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        });
    }

    [Test]
    public async Task Http2WebSocketCarriesTheSameFrames()
    {
        // An HTTP/2-only endpoint without TLS: the client speaks HTTP/2 from the first byte (prior knowledge), and the
        // exact version policy fails the connect rather than fall back to HTTP/1.1.
        await using var host = await StartAsync("Kestrel:EndpointDefaults:Protocols=Http2");
        using var client = new RawEngineIOClient(host.Address);
        await using var socket = await client.ConnectWebSocketAsync(http2: true);
        Assert.That(await socket.ReceiveTextAsync(), Does.StartWith("0{"));

        await socket.SendTextAsync("4é");
        await socket.SendBinaryAsync([9, 8, 7]);

        Assert.That(await socket.ReceiveTextAsync(), Is.EqualTo("4é"));
        Assert.That((await socket.ReceiveAsync()).Data, Is.EqualTo(new byte[] { 9, 8, 7 }));
        await socket.SendTextAsync("1");
        var frames = await socket.ReadUntilClosedAsync();
        Assert.That(frames[^1].IsClose, Is.True, string.Join(", ", frames));
    }

    [Test]
    public async Task MessagesComeBackInOrder()
    {
        await using var host = await StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        for (var i = 0; i < 50; i++)
        {
            await socket.SendTextAsync("4m" + i);
        }

        for (var i = 0; i < 50; i++)
        {
            Assert.That(await socket.ReceiveTextAsync(), Is.EqualTo("4m" + i));
        }
    }

    [Test]
    public async Task CloseFromTheClientEndsTheConnection()
    {
        await using var host = await StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("1");

        var frames = await socket.ReadUntilClosedAsync();
        Assert.That(frames, Has.Count.EqualTo(1), string.Join(", ", frames));
        Assert.That(frames[^1].IsClose, Is.True);
    }

    [Test]
    public async Task FrameOverMaxPayloadIsClosedWith1009()
    {
        await using var host = await StartAsync("EngineIO:MaxPayload=1000");
        using var client = new RawEngineIOClient(host.Address);
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("4" + new string('x', 5000));

        var frames = await socket.ReadUntilClosedAsync();
        Assert.That(frames[^1].CloseStatus, Is.EqualTo(WebSocketCloseStatus.MessageTooBig), string.Join(", ", frames));
        await ProtocolAssert.ServerStillWorksAsync(host);
    }

    [TestCase("abc")]
    [TestCase("")]
    [TestCase("9")]
    [TestCase("2")]
    [TestCase("0{}")]
    [TestCase("5")]
    public async Task InvalidTextFrameClosesTheConnectionAndOthersCarryOn(string frame)
    {
        await using var host = await StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync(frame);

        var frames = await socket.ReadUntilClosedAsync();
        Assert.That(frames[^1].IsClose, Is.True);
        Assert.That(frames.Where(f => !f.IsClose).Select(f => f.Text), Is.All.EqualTo("1"), "at most a close packet before the close frame");
        await ProtocolAssert.ServerStillWorksAsync(host);
    }
}
