using System.Net;
using System.Net.WebSockets;
using ChatService.EngineIO;
using ChatService.EngineIO.Limits;
using ChatService.SocketIO;
using ChatService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatService.Tests.Hardening;

/// <summary>
/// Admission limits on the chat host: connections per address and in total, the handshake rate, rooms per
/// socket. Over a limit, polling gets the Engine.IO error JSON with 429/503 and <c>Retry-After</c>, and a
/// WebSocket is refused before the upgrade. Limits are set tiny here; counts, never timings, are asserted.
/// </summary>
[NonParallelizable]
public sealed class HandshakeLimitTests
{
    [Test]
    public void DefaultsAreTheDocumentedOnes()
    {
        var limits = new EngineIOLimitsOptions();
        Assert.That(limits.MaxConnections, Is.EqualTo(10_000));
        Assert.That(limits.MaxConnectionsPerAddress, Is.EqualTo(500));
        Assert.That(limits.HandshakeBurstPerAddress, Is.EqualTo(100));
        Assert.That(limits.HandshakesPerSecondPerAddress, Is.EqualTo(20));
        Assert.That(limits.LimitLoopback, Is.False);
        Assert.That(limits.PostBodyTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(new SocketIOOptions().MaxRoomsPerSocket, Is.EqualTo(64));
    }

    [Test]
    public async Task ConnectionsPerAddressAreCappedForPollingAndWebSocketAndFreedOnClose()
    {
        await using var host = await TestHost.StartAsync(["EngineIO:Limits:LimitLoopback=true", "EngineIO:Limits:MaxConnectionsPerAddress=2"]);
        using var client = new RawEngineIOClient(host.Address, "/socket.io/");
        var (first, _) = await client.HandshakeAsync();
        var (second, _) = await client.HandshakeAsync();

        using (var refused = await client.SendRawAsync(HttpMethod.Get, client.Url()))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(refused.Headers.RetryAfter, Is.Not.Null);
            var error = RawEngineIOClient.ParseError(await refused.Content.ReadAsStringAsync().DefaultTimeout());
            Assert.That(error, Is.EqualTo((4, "Too many connections from this address")));
        }

        Assert.That(await WebSocketStatusAsync(host), Is.EqualTo(HttpStatusCode.TooManyRequests), "refused before the upgrade");

        // Closing a session frees its slot; the others were never disturbed.
        Assert.That(await client.PostAsync(first, "1"), Is.EqualTo((HttpStatusCode.OK, "ok")));
        await using var socket = await client.ConnectWebSocketAsync();
        Assert.That(await socket.ReceiveTextAsync(), Does.StartWith("0{"));
        Assert.That(await client.PostAsync(second, "40"), Is.EqualTo((HttpStatusCode.OK, "ok")));
        Assert.That((await client.PollAsync(second)).Body, Does.StartWith("40{"));
    }

    [Test]
    public async Task TheTotalIsCappedWith503EvenForLoopback()
    {
        await using var host = await TestHost.StartAsync(["EngineIO:Limits:MaxConnections=2"]);
        using var client = new RawEngineIOClient(host.Address, "/socket.io/");
        await client.HandshakeAsync();
        await client.HandshakeAsync();
        var (status, body) = await client.SendAsync(HttpMethod.Get, client.Url());
        Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(RawEngineIOClient.ParseError(body), Is.EqualTo((4, "Server at capacity")));
        Assert.That(await WebSocketStatusAsync(host), Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task HandshakesPerAddressAreRateLimitedWithRetryAfter()
    {
        // A burst of 3, then one token per 1,000 s: the fourth handshake is refused whatever the timing.
        await using var host = await TestHost.StartAsync(
        [
            "EngineIO:Limits:LimitLoopback=true", "EngineIO:Limits:HandshakeBurstPerAddress=3", "EngineIO:Limits:HandshakesPerSecondPerAddress=0.001",
        ]);
        using var client = new RawEngineIOClient(host.Address, "/socket.io/");
        for (var i = 0; i < 3; i++)
        {
            await client.HandshakeAsync();
        }

        using var refused = await client.SendRawAsync(HttpMethod.Get, client.Url());
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(RawEngineIOClient.ParseError(await refused.Content.ReadAsStringAsync().DefaultTimeout()).Message, Is.EqualTo("Too many handshakes from this address"));
        Assert.That(await WebSocketStatusAsync(host), Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task LoopbackIsExemptFromPerAddressLimitsByDefault()
    {
        await using var host = await TestHost.StartAsync(["EngineIO:Limits:MaxConnectionsPerAddress=1", "EngineIO:Limits:HandshakeBurstPerAddress=1"]);
        using var client = new RawEngineIOClient(host.Address, "/socket.io/");
        for (var i = 0; i < 5; i++)
        {
            await client.HandshakeAsync();
        }
    }

    [TestCase("10.1.2.3", "10.1.2.3")]
    [TestCase("::ffff:10.1.2.3", "10.1.2.3")]
    [TestCase("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [TestCase("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void AddressesAreKeyedByIpv4OrIpv6Prefix(string address, string key)
    {
        using var gate = new ConnectionGate(new EngineIOLimitsOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.That(gate.AddressKey(IPAddress.Parse(address)), Is.EqualTo(key));
        Assert.That(gate.AddressKey(IPAddress.Loopback), Is.Null);
        Assert.That(gate.AddressKey(null), Is.EqualTo("unknown"));
    }

    [Test]
    public void SlotsAreReleasedOnceAndCountsReturnToZero()
    {
        using var gate = new ConnectionGate(new EngineIOLimitsOptions { MaxConnectionsPerAddress = 1 }, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var address = IPAddress.Parse("192.0.2.1");
        var slot = gate.TryEnter(address, out _)!;
        Assert.That(gate.TryEnter(address, out var refusal), Is.Null);
        Assert.That(refusal.StatusCode, Is.EqualTo(429));
        Assert.That(gate.TryEnter(IPAddress.Parse("192.0.2.2"), out _), Is.Not.Null, "another address is not affected");
        slot.Dispose();
        slot.Dispose();
        Assert.That(gate.Count, Is.EqualTo(1));
        Assert.That(gate.TryEnter(address, out _), Is.Not.Null);
    }

    [Test]
    public async Task RoomsPerSocketAreCapped()
    {
        await using var host = await TestHost.StartAsync(["SocketIO:MaxRoomsPerSocket=3"]);
        await using var wire = await ChatWire.ConnectAsync(host.Address);
        var server = host.Services.GetRequiredService<SocketIOServer>();
        Assert.That(server.Of("/").TryGetSocket(wire.SocketId, out var socket), Is.True);
        Assert.That(socket.TryJoin("a") && socket.TryJoin("b") && socket.TryJoin("c"), Is.True);
        Assert.That(socket.TryJoin("a"), Is.True, "already a member");
        Assert.That(socket.TryJoin("d"), Is.False);
        Assert.Throws<InvalidOperationException>(() => socket.Join("d"));
        Assert.That(socket.Rooms, Has.Count.EqualTo(4), "three rooms and its own");
    }

    [Test]
    public async Task PollingRequestsAndTheEngineIOOptionsAreBoundFromConfiguration()
    {
        await using var host = await TestHost.StartAsync(["EngineIO:Limits:MaxConnections=7", "EngineIO:Limits:PostBodyTimeout=00:00:03"]);
        var options = host.Services.GetRequiredService<IOptions<EngineIOOptions>>().Value;
        Assert.That(options.Limits.MaxConnections, Is.EqualTo(7));
        Assert.That(options.Limits.PostBodyTimeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public void AnOutOfRangeLimitStopsTheStart()
    {
        var ex = Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var host = await TestHost.StartAsync(["EngineIO:Limits:MaxConnections=0"]);
        });
        Assert.That(ex!.Message, Does.Contain("EngineIO:Limits"));
    }

    /// <summary>The HTTP status of a WebSocket handshake (101 when accepted).</summary>
    internal static async Task<HttpStatusCode> WebSocketStatusAsync(TestHost host, string? origin = null, string? sid = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        var uri = new Uri($"ws://{host.Address.Authority}/socket.io/?EIO=4&transport=websocket" + (sid is null ? "" : "&sid=" + sid));
        try
        {
            await socket.ConnectAsync(uri, CancellationToken.None).DefaultTimeout();
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }

        var status = socket.HttpStatusCode;
        socket.Abort();
        return status;
    }
}
