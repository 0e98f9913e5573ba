using System.Net;
using System.Net.WebSockets;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Protocol;

/// <summary>Heartbeats with the suites' short settings (ping every 300 ms, 200 ms to answer).</summary>
public sealed class EngineIOHeartbeatTests
{
    [Test]
    public async Task PollingPingArrivesAndPongsKeepTheSessionAlive()
    {
        await using var host = await EngineIOEchoHost.StartAsync(EngineIOEchoHost.ShortHeartbeat);
        using var client = new RawEngineIOClient(host.Address);
        var (sid, _) = await client.HandshakeAsync();

        // Six pings answered: the session outlives several ping timeouts.
        for (var i = 0; i < 6; i++)
        {
            Assert.That(await client.PollAsync(sid), Is.EqualTo((HttpStatusCode.OK, "2")), $"ping {i + 1}");
            Assert.That(await client.PostAsync(sid, "3"), Is.EqualTo((HttpStatusCode.OK, "ok")), $"pong {i + 1}");
        }

        Assert.That(await client.PostAsync(sid, "4still open"), Is.EqualTo((HttpStatusCode.OK, "ok")));
        var (status, body) = await client.PollAsync(sid);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.Split(RawEngineIOClient.Separator), Does.Contain("4still open"));
    }

    [Test]
    public async Task PollingSessionIsClosedAfterThePingTimeoutWithoutPong()
    {
        await using var host = await EngineIOEchoHost.StartAsync(EngineIOEchoHost.ShortHeartbeat);
        using var client = new RawEngineIOClient(host.Address);
        var (sid, _) = await client.HandshakeAsync();

        Assert.That(await client.PollAsync(sid), Is.EqualTo((HttpStatusCode.OK, "2")));

        // No pong: a pending poll is released with the close packet (if it got there in time), then the
        // session is unknown.
        var (status, body) = await client.PollAsync(sid);
        if (status == HttpStatusCode.OK)
        {
            Assert.That(body, Is.EqualTo("1"));
            await ProtocolAssert.SessionIsGoneAsync(client, sid);
        }
        else
        {
            Assert.That(RawEngineIOClient.ParseError(body).Code, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task PollingSessionWithoutAnyRequestIsGoneAfterIntervalPlusTimeout()
    {
        await using var host = await EngineIOEchoHost.StartAsync(EngineIOEchoHost.ShortHeartbeat);
        using var client = new RawEngineIOClient(host.Address);
        var (sid, _) = await client.HandshakeAsync();

        await Task.Delay(TimeSpan.FromMilliseconds(300 + 200 + 300));

        await ProtocolAssert.SessionIsGoneAsync(client, sid);
    }

    [Test]
    public async Task WebSocketPingArrivesAndPongsKeepTheSessionAlive()
    {
        await using var host = await EngineIOEchoHost.StartAsync(EngineIOEchoHost.ShortHeartbeat);
        using var client = new RawEngineIOClient(host.Address);
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        for (var i = 0; i < 6; i++)
        {
            Assert.That(await socket.ReceiveTextAsync(), Is.EqualTo("2"), $"ping {i + 1}");
            await socket.SendTextAsync("3");
        }

        await socket.SendTextAsync("4still open");
        var next = await socket.ReceiveTextAsync();
        if (next == "2")
        {
            await socket.SendTextAsync("3");
            next = await socket.ReceiveTextAsync();
        }

        Assert.That(next, Is.EqualTo("4still open"));
        Assert.That(socket.Socket.State, Is.EqualTo(WebSocketState.Open));
    }

    [Test]
    public async Task WebSocketSessionIsClosedAfterThePingTimeoutWithoutPong()
    {
        await using var host = await EngineIOEchoHost.StartAsync(EngineIOEchoHost.ShortHeartbeat);
        using var client = new RawEngineIOClient(host.Address);
        await using var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();

        var frames = await socket.ReadUntilClosedAsync();

        Assert.That(frames.Select(f => f.ToString()), Is.EqualTo(new[] { "text '2'", "text '1'", "close NormalClosure" }));
    }
}
