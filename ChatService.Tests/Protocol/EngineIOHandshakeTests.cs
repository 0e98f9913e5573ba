using System.Net;
using System.Net.WebSockets;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Protocol;

public sealed class EngineIOHandshakeTests
{
    [Test]
    public async Task PollingHandshakeReturnsOpenPacketWithExactlyTheFiveKeys()
    {
        await using var host = await EngineIOEchoHost.StartAsync(EngineIOEchoHost.ShortHeartbeat);
        using var client = new RawEngineIOClient(host.Address);

        using var response = await client.SendRawAsync(HttpMethod.Get, client.Url());
        var body = await response.Content.ReadAsStringAsync().DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        });
        var open = RawEngineIOClient.ParseOpenPacket(body);
        Assert.That(open.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload" }));
        Assert.Multiple(() =>
        {
            Assert.That(open.GetProperty("sid").GetString(), Is.Not.Empty);
            Assert.That(open.GetProperty("upgrades").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "websocket" }));
            Assert.That(open.GetProperty("pingInterval").GetInt32(), Is.EqualTo(300));
            Assert.That(open.GetProperty("pingTimeout").GetInt32(), Is.EqualTo(200));
            Assert.That(open.GetProperty("maxPayload").GetInt32(), Is.EqualTo(1_000_000));
        });
    }

    [Test]
    public async Task WebSocketHandshakeSendsOpenPacketWithNoUpgrades()
    {
        await using var host = await EngineIOEchoHost.StartAsync(EngineIOEchoHost.ShortHeartbeat);
        using var client = new RawEngineIOClient(host.Address);
        await using var socket = await client.ConnectWebSocketAsync();

        var open = RawEngineIOClient.ParseOpenPacket(await socket.ReceiveTextAsync());

        Assert.That(open.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload" }));
        Assert.Multiple(() =>
        {
            Assert.That(open.GetProperty("upgrades").GetArrayLength(), Is.Zero);
            Assert.That(open.GetProperty("pingInterval").GetInt32(), Is.EqualTo(300));
            Assert.That(open.GetProperty("pingTimeout").GetInt32(), Is.EqualTo(200));
            Assert.That(open.GetProperty("maxPayload").GetInt32(), Is.EqualTo(1_000_000));
        });
    }

    [Test]
    public async Task EverySessionGetsADifferentSid()
    {
        await using var host = await EngineIOEchoHost.StartAsync();
        using var client = new RawEngineIOClient(host.Address);

        var sids = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            sids.Add((await client.HandshakeAsync()).Sid);
        }

        Assert.That(sids, Has.Count.EqualTo(20));
    }

    [TestCase("GET", "/engine.io/?transport=polling", 5, "Unsupported protocol version")]
    [TestCase("GET", "/engine.io/?EIO=abc&transport=polling", 5, "Unsupported protocol version")]
    [TestCase("GET", "/engine.io/?EIO=3&transport=polling", 5, "Unsupported protocol version")]
    [TestCase("GET", "/engine.io/?EIO=4", 0, "Transport unknown")]
    [TestCase("GET", "/engine.io/?EIO=4&transport=abc", 0, "Transport unknown")]
    [TestCase("GET", "/engine.io/?EIO=4&transport=polling&sid=unknown", 1, "Session ID unknown")]
    [TestCase("POST", "/engine.io/?EIO=4&transport=polling&sid=unknown", 1, "Session ID unknown")]
    [TestCase("POST", "/engine.io/?EIO=4&transport=polling", 2, "Bad handshake method")]
    [TestCase("PUT", "/engine.io/?EIO=4&transport=polling", 2, "Bad handshake method")]
    [TestCase("GET", "/engine.io/?EIO=4&transport=websocket", 3, "Bad request")]
    public async Task BadRequestGets400WithErrorJson(string method, string url, int code, string message)
    {
        await using var host = await EngineIOEchoHost.StartAsync();
        using var client = new RawEngineIOClient(host.Address);

        using var response = await client.SendRawAsync(new HttpMethod(method), url, method == "GET" ? null : "4hello");
        var body = await response.Content.ReadAsStringAsync().DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(RawEngineIOClient.ParseError(body), Is.EqualTo((code, message)));
        });
    }

    [Test]
    public async Task WebSocketWithUnknownSidIsRefused()
    {
        await using var host = await EngineIOEchoHost.StartAsync();
        using var client = new RawEngineIOClient(host.Address);

        Assert.ThrowsAsync<WebSocketException>(() => client.ConnectWebSocketAsync("unknown"));

        await ProtocolAssert.ServerStillWorksAsync(host);
    }

    [Test]
    public async Task PreflightGets204WithCorsHeaders()
    {
        await using var host = await EngineIOEchoHost.StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        using var request = new HttpRequestMessage(HttpMethod.Options, client.Url());
        request.Headers.Add("Origin", "http://frontend.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var response = await client.Http.SendAsync(request).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "*" }));
            Assert.That(string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), Does.Contain("GET").And.Contain("POST"));
            Assert.That(string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")), Does.Contain("content-type"));
        });
    }

    [Test]
    public async Task PollingAnswersCarryTheCorsOriginHeader()
    {
        await using var host = await EngineIOEchoHost.StartAsync();
        using var client = new RawEngineIOClient(host.Address);
        using var request = new HttpRequestMessage(HttpMethod.Get, client.Url());
        request.Headers.Add("Origin", "http://frontend.example");

        using var response = await client.Http.SendAsync(request).DefaultTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "*" }));
        });
    }
}
