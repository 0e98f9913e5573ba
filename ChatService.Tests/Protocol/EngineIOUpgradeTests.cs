using System.Net;
using System.Net.WebSockets;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Protocol;

/// <summary>
/// The upgrade from long-polling to WebSocket: 2probe / 3probe, the noop for the poll, then 5. Run three ways:
/// WebSockets answered at the connection level sending straight to the socket (the default) or into Kestrel's
/// output pipe, and through the HTTP pipeline.
/// </summary>
[TestFixture(true, true)]
[TestFixture(true, false)]
[TestFixture(false, false)]
public sealed class EngineIOUpgradeTests(bool connectionLevel, bool directSends)
{
    private Task<TestHost> StartAsync(params string[] settings) =>
        EngineIOEchoHost.StartAsync([.. settings, $"EngineIO:ConnectionLevelWebSockets={connectionLevel}", $"EngineIO:DirectSocketSends={directSends}"]);

    [Test]
    public async Task ProbeReleasesThePendingPollWithNoopAndUpgradeMovesTheSessionToWebSocket()
    {
        await using var host = await StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        var (sid, _) = await client.HandshakeAsync();
        var poll = client.PollAsync(sid);

        await using var socket = await client.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.That(await socket.ReceiveTextAsync(), Is.EqualTo("3probe"));
        Assert.That(await poll.DefaultTimeout(), Is.EqualTo((HttpStatusCode.OK, "6")));

        await socket.SendTextAsync("5");
        await socket.SendTextAsync("4hello");
        Assert.That(await socket.ReceiveTextAsync(), Is.EqualTo("4hello"));
        await socket.SendBinaryAsync([1, 2, 3]);
        Assert.That((await socket.ReceiveAsync()).Data, Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public async Task PollDuringTheUpgradeGetsNoop()
    {
        await using var host = await StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        var (sid, _) = await client.HandshakeAsync();

        await using var socket = await client.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.That(await socket.ReceiveTextAsync(), Is.EqualTo("3probe"));

        Assert.That(await client.PollAsync(sid), Is.EqualTo((HttpStatusCode.OK, "6")));
    }

    [Test]
    public async Task PacketsQueuedBeforeTheUpgradeArriveOverTheWebSocketWithoutNoop()
    {
        await using var host = await StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        var (sid, _) = await client.HandshakeAsync();
        Assert.That(await client.PostAsync(sid, "4queued"), Is.EqualTo((HttpStatusCode.OK, "ok")));

        await using var socket = await client.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        Assert.That(await socket.ReceiveTextAsync(), Is.EqualTo("3probe"));
        await socket.SendTextAsync("5");
        await socket.SendTextAsync("4after");

        Assert.That(await socket.ReceiveTextAsync(), Is.EqualTo("4queued"));
        Assert.That(await socket.ReceiveTextAsync(), Is.EqualTo("4after"));
    }

    [Test]
    public async Task PollingWithTheSidAfterTheUpgradeGets400Code3()
    {
        await using var host = await StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        var (sid, _) = await client.HandshakeAsync();
        await using var socket = await client.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        await socket.SendTextAsync("5");
        Assert.That(await socket.ReceiveTextAsync(), Is.EqualTo("3probe"));
        await socket.SendTextAsync("4sync");
        Assert.That(await socket.ReceiveTextAsync(), Is.EqualTo("4sync"));

        var get = await client.PollAsync(sid);
        var post = await client.PostAsync(sid, "4hello");

        Assert.Multiple(() =>
        {
            Assert.That(get.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(RawEngineIOClient.ParseError(get.Body), Is.EqualTo((3, "Bad request")));
            Assert.That(post.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(RawEngineIOClient.ParseError(post.Body), Is.EqualTo((3, "Bad request")));
        });
        await socket.SendTextAsync("4still upgraded");
        Assert.That(await socket.ReceiveTextAsync(), Is.EqualTo("4still upgraded"));
    }

    [Test]
    public async Task SecondWebSocketWithTheSameSidIsAcceptedThenClosed()
    {
        await using var host = await StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        var (sid, _) = await client.HandshakeAsync();
        await using var socket = await client.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("2probe");
        await socket.SendTextAsync("5");
        Assert.That(await socket.ReceiveTextAsync(), Is.EqualTo("3probe"));

        await using var second = await client.ConnectWebSocketAsync(sid);
        var frames = await second.ReadUntilClosedAsync();

        Assert.That(frames, Has.Count.EqualTo(1), string.Join(", ", frames));
        Assert.That(frames[0].IsClose, Is.True);
        await socket.SendTextAsync("4hello");
        Assert.That(await socket.ReceiveTextAsync(), Is.EqualTo("4hello"));
    }

    [Test]
    public async Task UpgradeOfAWebSocketSessionIsClosed()
    {
        await using var host = await StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        await using var first = await client.ConnectWebSocketAsync();
        var sid = RawEngineIOClient.ParseOpenPacket(await first.ReceiveTextAsync()).GetProperty("sid").GetString()!;

        await using var second = await client.ConnectWebSocketAsync(sid);
        var frames = await second.ReadUntilClosedAsync();

        Assert.That(frames[^1].IsClose, Is.True);
        await first.SendTextAsync("4hello");
        Assert.That(await first.ReceiveTextAsync(), Is.EqualTo("4hello"));
    }

    [Test]
    public async Task BrokenProbeLeavesTheSessionOnPolling()
    {
        await using var host = await StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        var (sid, _) = await client.HandshakeAsync();

        await using (var socket = await client.ConnectWebSocketAsync(sid))
        {
            await socket.SendTextAsync("4not a probe");
            var frames = await socket.ReadUntilClosedAsync();
            Assert.That(frames[^1].IsClose, Is.True);
        }

        Assert.That(await client.PostAsync(sid, "4polling"), Is.EqualTo((HttpStatusCode.OK, "ok")));
        Assert.That(await client.PollAsync(sid), Is.EqualTo((HttpStatusCode.OK, "4polling")));
    }

    [Test]
    public async Task UpgradeWithoutProbeCannotStart()
    {
        await using var host = await StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        var (sid, _) = await client.HandshakeAsync();

        await using var socket = await client.ConnectWebSocketAsync(sid);
        await socket.SendTextAsync("5");
        var frames = await socket.ReadUntilClosedAsync();

        Assert.That(frames[^1].IsClose, Is.True);
        Assert.That(socket.Socket.CloseStatus, Is.Not.Null.And.Not.EqualTo(WebSocketCloseStatus.NormalClosure));
    }
}
