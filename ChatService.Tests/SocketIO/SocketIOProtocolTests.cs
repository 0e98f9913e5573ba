using System.Net.WebSockets;
using System.Text;
using System.Text.RegularExpressions;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.SocketIO;

/// <summary>
/// Socket.IO v5 over raw WebSocket frames against the conformance host: the behaviours the official
/// socket.io-protocol suite checks, as exact strings.
/// </summary>
[NonParallelizable]
public sealed partial class SocketIOProtocolTests
{
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await TestHost.StartAsync(["Mode=Conformance", "SocketIO:ConnectTimeout=00:00:01"]);

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    private async Task<Frames> OpenAsync()
    {
        var socket = new ClientWebSocket();
        var uri = new Uri($"ws://{_host.Address.Authority}/socket.io/?EIO=4&transport=websocket");
        await socket.ConnectAsync(uri, CancellationToken.None).DefaultTimeout();
        var frames = new Frames(socket);
        Assert.That(await frames.NextTextAsync(), Does.StartWith("0{\"sid\":"));
        return frames;
    }

    [Test]
    public async Task ConnectsToMainNamespaceAndEchoesAuth()
    {
        using var ws = await OpenAsync();
        await ws.SendAsync("40");
        Assert.That(await ws.NextTextAsync(), Does.Match("^40\\{\"sid\":\"[A-Za-z0-9_-]+\"\\}$"));
        Assert.That(await ws.NextTextAsync(), Is.EqualTo("42[\"auth\",{}]"));
    }

    [Test]
    public async Task ConnectsWithAuthPayloadKeptAsSent()
    {
        using var ws = await OpenAsync();
        await ws.SendAsync("40{\"token\":\"123\",\"n\":1.50}");
        Assert.That(await ws.NextTextAsync(), Does.StartWith("40{\"sid\":"));
        Assert.That(await ws.NextTextAsync(), Is.EqualTo("42[\"auth\",{\"token\":\"123\",\"n\":1.50}]"));
    }

    [Test]
    public async Task ConnectsToCustomNamespaceWithADifferentSid()
    {
        using var ws = await OpenAsync();
        await ws.SendAsync("40/custom,{\"token\":\"abc\"}");
        var answer = await ws.NextTextAsync();
        Assert.That(answer, Does.Match("^40/custom,\\{\"sid\":\"[A-Za-z0-9_-]+\"\\}$"));
        Assert.That(await ws.NextTextAsync(), Is.EqualTo("42/custom,[\"auth\",{\"token\":\"abc\"}]"));
    }

    [Test]
    public async Task RefusesUnknownNamespaceAndKeepsTheConnection()
    {
        using var ws = await OpenAsync();
        await ws.SendAsync("40/random");
        Assert.That(await ws.NextTextAsync(), Is.EqualTo("44/random,{\"message\":\"Invalid namespace\"}"));
        await ws.SendAsync("40");
        Assert.That(await ws.NextTextAsync(), Does.StartWith("40{\"sid\":"));
    }

    [Test]
    public async Task MiddlewareRefusalCarriesMessageAndData()
    {
        using var ws = await OpenAsync();
        await ws.SendAsync("40/admin,{\"token\":\"wrong\"}");
        Assert.That(await ws.NextTextAsync(), Is.EqualTo("44/admin,{\"message\":\"not authorized\",\"data\":{\"reason\":\"bad token\"}}"));
    }

    [Test]
    public async Task EchoesEventsAndAcksExactly()
    {
        using var ws = await OpenAsync();
        await ws.ConnectMainAsync();
        await ws.SendAsync("42[\"message\",1,\"2\",{\"3\":[true]}]");
        Assert.That(await ws.NextTextAsync(), Is.EqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]"));
        await ws.SendAsync("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        Assert.That(await ws.NextTextAsync(), Is.EqualTo("43456[1,\"2\",{\"3\":[false]}]"));
    }

    [Test]
    public async Task EchoesBinaryEventsAndBinaryAcks()
    {
        using var ws = await OpenAsync();
        await ws.ConnectMainAsync();
        await ws.SendAsync("452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        await ws.SendBinaryAsync([1, 2, 3]);
        await ws.SendBinaryAsync([4, 5, 6]);
        Assert.That(await ws.NextTextAsync(), Is.EqualTo("452-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"));
        Assert.That(await ws.NextBinaryAsync(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(await ws.NextBinaryAsync(), Is.EqualTo(new byte[] { 4, 5, 6 }));

        await ws.SendAsync("452-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        await ws.SendBinaryAsync([1, 2, 3]);
        await ws.SendBinaryAsync([4, 5, 6]);
        Assert.That(await ws.NextTextAsync(), Is.EqualTo("462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"));
        Assert.That(await ws.NextBinaryAsync(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(await ws.NextBinaryAsync(), Is.EqualTo(new byte[] { 4, 5, 6 }));
    }

    [Test]
    public async Task ServerEmitWithAckReceivesTheClientAnswer()
    {
        using var ws = await OpenAsync();
        await ws.ConnectMainAsync();
        await ws.SendAsync("42[\"server-ack\",\"question\"]");
        var ask = await ws.NextTextAsync();
        var match = AskPacket().Match(ask);
        Assert.That(match.Success, Is.True, ask);
        await ws.SendAsync($"43{match.Groups[1].Value}[\"answer\"]");
        Assert.That(await ws.NextTextAsync(), Is.EqualTo("42[\"ask-result\",\"answer\"]"));
    }

    [Test]
    public async Task LeavingOneNamespaceKeepsTheOthers()
    {
        using var ws = await OpenAsync();
        await ws.ConnectMainAsync();
        await ws.SendAsync("40/custom");
        Assert.That(await ws.NextTextAsync(), Does.StartWith("40/custom,{\"sid\":"));
        Assert.That(await ws.NextTextAsync(), Is.EqualTo("42/custom,[\"auth\",{}]"));
        await ws.SendAsync("41/custom");
        await ws.SendAsync("42[\"message\",\"message to main namespace\"]");
        Assert.That(await ws.NextTextAsync(), Is.EqualTo("42[\"message-back\",\"message to main namespace\"]"));
    }

    [Test]
    public async Task ServerSideDisconnectSendsDisconnectPacket()
    {
        using var ws = await OpenAsync();
        await ws.ConnectMainAsync();
        await ws.SendAsync("42[\"disconnect-me\"]");
        Assert.That(await ws.NextTextAsync(), Is.EqualTo("41"));
    }

    [TestCase("4abc")]
    [TestCase("42{}")]
    [TestCase("42abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]")]
    [TestCase("42[\"connect\"]")]
    [TestCase("40\"abc\"")]
    [TestCase("43[1]")]
    [TestCase("452-[\"message\",{\"_placeholder\":true,\"num\":0}]|42[\"x\"]")]
    public async Task InvalidPacketClosesTheConnectionAndOthersCarryOn(string packets)
    {
        using var bystander = await OpenAsync();
        await bystander.ConnectMainAsync();

        using var ws = await OpenAsync();
        await ws.ConnectMainAsync();
        foreach (var packet in packets.Split('|'))
        {
            await ws.SendAsync(packet);
        }

        Assert.That(await ws.WaitClosedAsync(), Is.True);

        await bystander.SendAsync("42[\"message\",\"still here\"]");
        Assert.That(await bystander.NextTextAsync(), Is.EqualTo("42[\"message-back\",\"still here\"]"));
    }

    [Test]
    public async Task EventForANamespaceNotJoinedClosesTheConnection()
    {
        using var ws = await OpenAsync();
        await ws.ConnectMainAsync();
        await ws.SendAsync("42/custom,[\"message\",1]");
        Assert.That(await ws.WaitClosedAsync(), Is.True);
    }

    [Test]
    public async Task ConnectionWithoutNamespaceIsClosedAfterTheConnectTimeout()
    {
        using var ws = await OpenAsync();
        Assert.That(await ws.WaitClosedAsync(TimeSpan.FromSeconds(10)), Is.True);
    }

    [GeneratedRegex("^42(\\d+)\\[\"ask\",\"question\"\\]$")]
    private static partial Regex AskPacket();

    /// <summary>Reads frames in order, skipping heartbeat pings (answered with pongs).</summary>
    private sealed class Frames(ClientWebSocket socket) : IDisposable
    {
        public Task SendAsync(string text) =>
            socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None).DefaultTimeout();

        public Task SendBinaryAsync(byte[] bytes) =>
            socket.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None).DefaultTimeout();

        public async Task ConnectMainAsync()
        {
            await SendAsync("40");
            Assert.That(await NextTextAsync(), Does.StartWith("40{\"sid\":"));
            Assert.That(await NextTextAsync(), Is.EqualTo("42[\"auth\",{}]"));
        }

        /// <summary>The next text frame that is not a ping.</summary>
        public async Task<string> NextTextAsync()
        {
            while (true)
            {
                var (type, bytes) = await ReceiveAsync();
                Assert.That(type, Is.EqualTo(WebSocketMessageType.Text), "expected a text frame");
                var text = Encoding.UTF8.GetString(bytes);
                if (text == "2")
                {
                    await socket.SendAsync("3"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None).DefaultTimeout();
                    continue;
                }

                return text;
            }
        }

        public async Task<byte[]> NextBinaryAsync()
        {
            var (type, bytes) = await ReceiveAsync();
            Assert.That(type, Is.EqualTo(WebSocketMessageType.Binary), "expected a binary frame");
            return bytes;
        }

        public async Task<bool> WaitClosedAsync(TimeSpan? timeout = null)
        {
            using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
            try
            {
                while (true)
                {
                    var buffer = new byte[4096];
                    var result = await socket.ReceiveAsync(buffer, cts.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return true;
                    }
                }
            }
            catch (WebSocketException)
            {
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public void Dispose() => socket.Dispose();

        private async Task<(WebSocketMessageType Type, byte[] Bytes)> ReceiveAsync()
        {
            using var stream = new MemoryStream();
            var buffer = new byte[4096];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None).DefaultTimeout();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Assert.Fail("the server closed the connection");
                }

                stream.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return (result.MessageType, stream.ToArray());
                }
            }
        }
    }
}
