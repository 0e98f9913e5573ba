using System.Net;
using System.Net.Sockets;
using System.Text;
using ChatService.Hosting.Limits;
using ChatService.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatService.Tests.Hardening;

/// <summary>HTTP-level limits: Kestrel's header and body limits, and the Engine.IO POST body timeout (slowloris).</summary>
[NonParallelizable]
public sealed class HttpLimitTests
{
    [Test]
    public async Task KestrelLimitsAreTheDocumentedOnes()
    {
        await using var host = await TestHost.StartAsync();
        var limits = host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        Assert.That(limits.MaxRequestHeadersTotalSize, Is.EqualTo(32 * 1024));
        Assert.That(limits.MaxRequestLineSize, Is.EqualTo(8 * 1024));
        Assert.That(limits.MaxRequestHeaderCount, Is.EqualTo(100));
        Assert.That(limits.MaxRequestBodySize, Is.EqualTo(1024 * 1024).And.GreaterThanOrEqualTo(1_000_000));
        Assert.That(limits.RequestHeadersTimeout, Is.EqualTo(HttpLimits.RequestHeadersTimeout));
        Assert.That(limits.MinRequestBodyDataRate!.BytesPerSecond, Is.EqualTo(240));
    }

    [Test]
    public async Task TheBodyLimitFollowsALargerMaxPayloadAndConfigurationWins()
    {
        await using var host = await TestHost.StartAsync(["EngineIO:MaxPayload=5000000", "Kestrel:Limits:MaxRequestHeaderCount=50"]);
        var limits = host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        Assert.That(limits.MaxRequestBodySize, Is.EqualTo(5_000_000));
        Assert.That(limits.MaxRequestHeaderCount, Is.EqualTo(50));
    }

    [Test]
    public async Task HugeHeadersAndRequestLinesAreRefusedAndTheServerCarriesOn()
    {
        await using var host = await TestHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.Address };
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/socket.io/?EIO=4&transport=polling"))
        {
            request.Headers.Add("X-Huge", new string('a', 40 * 1024));
            using var response = await http.SendAsync(request).DefaultTimeout();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestHeaderFieldsTooLarge));
        }

        using (var response = await http.GetAsync("/socket.io/?EIO=4&transport=polling&x=" + new string('a', 9 * 1024)).DefaultTimeout())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestUriTooLong));
        }

        await ChatAssert.ChatStillWorksAsync(host);
    }

    [Test]
    public async Task APostBodyThatTricklesPastTheTimeoutGets408AndTheSessionIsClosed()
    {
        await using var host = await TestHost.StartAsync(["EngineIO:Limits:PostBodyTimeout=00:00:01"]);
        using var client = new RawEngineIOClient(host.Address, "/socket.io/");
        var (sid, _) = await client.HandshakeAsync();

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, host.Address.Port).DefaultTimeout();
        var stream = tcp.GetStream();
        var head = $"POST {client.Url(sid)} HTTP/1.1\r\nHost: {host.Address.Authority}\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n40";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head)).AsTask().DefaultTimeout();

        // Nothing more is sent; the answer comes once the timeout fires.
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync().DefaultTimeout(TimeSpan.FromSeconds(20));
        Assert.That(status, Does.StartWith("HTTP/1.1 408"));
        await ProtocolAssert.SessionIsGoneAsync(client, sid);
        await ChatAssert.ChatStillWorksAsync(host);
    }
}
