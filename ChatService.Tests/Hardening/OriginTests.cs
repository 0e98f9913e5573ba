using System.Net;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Hardening;

/// <summary>
/// The origin allowlist (<c>Cors:AllowedOrigins</c>) on both transports, including cross-site WebSocket
/// hijacking: a page on another site cannot open a WebSocket (or upgrade a session) with the user's browser.
/// </summary>
[NonParallelizable]
public sealed class OriginTests
{
    private const string Good = "https://integracao.example";
    private const string Evil = "https://evil.example";
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await TestHost.StartAsync([$"Cors:AllowedOrigins:0={Good}"]);

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task PollingFromAnotherOriginIs403WithTheErrorJson()
    {
        using var client = new RawEngineIOClient(_host.Address, "/socket.io/");
        using var request = new HttpRequestMessage(HttpMethod.Get, client.Url());
        request.Headers.Add("Origin", Evil);
        using var response = await client.Http.SendAsync(request).DefaultTimeout();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(RawEngineIOClient.ParseError(await response.Content.ReadAsStringAsync().DefaultTimeout()), Is.EqualTo((4, "Forbidden")));
        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    [Test]
    public async Task PollingFromTheAllowedOriginGetsCorsWithCredentials()
    {
        using var client = new RawEngineIOClient(_host.Address, "/socket.io/");
        using var request = new HttpRequestMessage(HttpMethod.Get, client.Url());
        request.Headers.Add("Origin", Good);
        using var response = await client.Http.SendAsync(request).DefaultTimeout();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Good }));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Credentials"), Is.EqualTo(new[] { "true" }));
    }

    [TestCase(Evil)]
    [TestCase("https://integracao.example.evil.example")]
    [TestCase("http://integracao.example")]
    [TestCase("null")]
    public async Task CrossSiteWebSocketIsRefusedBeforeTheUpgrade(string origin)
    {
        Assert.That(await HandshakeLimitTests.WebSocketStatusAsync(_host, origin), Is.EqualTo(HttpStatusCode.Forbidden));
        await ChatAssert.ChatStillWorksAsync(_host);
    }

    [Test]
    public async Task UpgradingAnotherOriginsSessionIsRefused()
    {
        using var client = new RawEngineIOClient(_host.Address, "/socket.io/");
        var (sid, _) = await client.HandshakeAsync();
        Assert.That(await HandshakeLimitTests.WebSocketStatusAsync(_host, Evil, sid), Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await client.PostAsync(sid, "40"), Is.EqualTo((HttpStatusCode.OK, "ok")), "the session is unharmed");
    }

    [Test]
    public async Task WebSocketFromTheAllowedOriginWorks()
    {
        Assert.That(await HandshakeLimitTests.WebSocketStatusAsync(_host, Good), Is.EqualTo(HttpStatusCode.SwitchingProtocols));
        await using var wire = await ChatWire.OpenAsync(_host.Address, Good);
        Assert.That(await wire.ConnectNamespaceAsync(), Does.StartWith("40{"));
    }

    [Test]
    public async Task RestCorsDoesNotAnnounceAnotherOrigin()
    {
        using var http = new HttpClient { BaseAddress = _host.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/chat/rooms");
        request.Headers.Add("Origin", Evil);
        using var response = await http.SendAsync(request).DefaultTimeout();
        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }
}
