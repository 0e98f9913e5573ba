using System.Buffers;
using System.Net.Sockets;
using System.Text;
using ChatService.EngineIO;
using ChatService.EngineIO.Transports;
using Microsoft.Extensions.DependencyInjection;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Protocol;

/// <summary>
/// The connection-level WebSocket handshake: what it takes (a plain handshake to a mapped path), what it leaves to
/// the HTTP pipeline, and requests that arrive in pieces either way — over raw TCP, byte for byte.
/// </summary>
public sealed class ConnectionLevelWebSocketTests
{
    private const string Handshake =
        "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nX-Repeated: a\r\nX-Repeated: b\r\n\r\n";

    private static UpgradeParse Parse(string request, out UpgradeRequest? parsed) =>
        UpgradeRequest.TryParse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(request)), out parsed, out _);

    [Test]
    public void APlainHandshakeIsParsedWithItsPathQueryAndHeaders()
    {
        Assert.That(Parse(Handshake, out var request), Is.EqualTo(UpgradeParse.Parsed));
        Assert.Multiple(() =>
        {
            Assert.That(request!.Path, Is.EqualTo("/engine.io/"));
            Assert.That(request.QueryString, Is.EqualTo("?EIO=4&transport=websocket"));
            Assert.That(request.ParseQuery()["transport"].ToString(), Is.EqualTo("websocket"));
            Assert.That(request.ParseHeaders()["x-repeated"].ToArray(), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(request.ParseHeaders()["HOST"].ToString(), Is.EqualTo("127.0.0.1"));
            Assert.That(request.Key, Is.EqualTo("dGhlIHNhbXBsZSBub25jZQ=="));
        });
    }

    [Test]
    public void AHandshakeSplitAcrossSegmentsIsParsed()
    {
        var bytes = Encoding.Latin1.GetBytes(Handshake);
        var first = new Segment(bytes.AsMemory(0, 30));
        var last = first.Append(bytes.AsMemory(30, 50)).Append(bytes.AsMemory(80));
        var sequence = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        Assert.That(UpgradeRequest.TryParse(sequence, out var request, out var end), Is.EqualTo(UpgradeParse.Parsed));
        Assert.That(sequence.Slice(end).Length, Is.Zero);
        Assert.That(request!.Path, Is.EqualTo("/engine.io/"));
    }

    [TestCase("")]
    [TestCase("GE")]
    [TestCase("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n")]
    public void AnUnfinishedRequestNeedsMoreBytes(string request) =>
        Assert.That(Parse(request, out _), Is.EqualTo(UpgradeParse.Incomplete));

    [TestCase("POST /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\n")]
    [TestCase("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    [TestCase("\u0016\u0003\u0001\u0002\u0000")]
    public void AnythingButGetIsNotOursAtOnce(string request) =>
        Assert.That(Parse(request, out _), Is.EqualTo(UpgradeParse.NotOurs));

    [TestCase("HTTP/1.1", "HTTP/1.0")]
    [TestCase("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8")]
    [TestCase("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", "")]
    [TestCase("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Key: not-base64")]
    [TestCase("Upgrade: websocket", "Upgrade: h2c")]
    [TestCase("Connection: keep-alive, Upgrade", "Connection: keep-alive")]
    [TestCase("Host: 127.0.0.1\r\n", "")]
    [TestCase("X-Repeated: b", "X-Repeated: b\r\n folded")]
    [TestCase("X-Repeated: b", "Content-Length: 0")]
    [TestCase("X-Repeated: b", "Bad Name: b")]
    public void AnUnusualHandshakeIsLeftToTheHttpPipeline(string from, string to) =>
        Assert.That(Parse(Handshake.Replace(from, to, StringComparison.Ordinal), out _), Is.EqualTo(UpgradeParse.NotOurs));

    [Test]
    public void ARequestOverTheBoundIsNotOurs()
    {
        var big = Handshake.Replace("X-Repeated: b", "X-Big: " + new string('x', UpgradeRequest.MaxBytes), StringComparison.Ordinal);
        Assert.That(Parse(big, out _), Is.EqualTo(UpgradeParse.NotOurs));
        Assert.That(Parse(big[..(UpgradeRequest.MaxBytes + 100)], out _), Is.EqualTo(UpgradeParse.NotOurs), "no end of headers within the bound");
    }

    [Test]
    public async Task AHandshakeSentInPiecesOpensASessionAndEchoes()
    {
        await using var host = await EngineIOEchoHost.StartAsync();
        using var tcp = await ConnectAsync(host);
        var stream = tcp.GetStream();
        var bytes = Encoding.ASCII.GetBytes(Handshake);
        foreach (var (start, length) in new[] { (0, 2), (2, 40), (42, bytes.Length - 42) })
        {
            await stream.WriteAsync(bytes.AsMemory(start, length)).AsTask().DefaultTimeout();
            await Task.Delay(50);
        }

        var response = await ReadUntilAsync(stream, "\r\n\r\n");
        Assert.That(response, Does.StartWith("HTTP/1.1 101 "));
        Assert.That(response, Does.Not.Contain("Server: Kestrel"), "answered at the connection level, not by Kestrel's HTTP/1.1 code");
        Assert.That(response, Does.Contain("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), "RFC 6455's example key and answer");
        var open = await ReadFrameAsync(stream);
        Assert.That(open, Does.StartWith("0{\"sid\":"));

        // The session's handshake is read from the request's text when asked for.
        var sid = System.Text.Json.JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString()!;
        var server = host.Services.GetRequiredService<EngineIOEndpoints>().Find("/engine.io")!;
        Assert.That(server.TryGetSession(sid, out var session), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(session.Handshake.Headers["x-repeated"].ToArray(), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(session.Handshake.Query["EIO"].ToString(), Is.EqualTo("4"));
            Assert.That(session.Handshake.Url, Is.EqualTo("/engine.io/?EIO=4&transport=websocket"));
            Assert.That(session.Handshake.RemoteAddress?.ToString(), Is.EqualTo("127.0.0.1"));
        });

        await stream.WriteAsync(MaskedTextFrame("4olá")).AsTask().DefaultTimeout();
        Assert.That(await ReadFrameAsync(stream), Is.EqualTo("4olá"));
    }

    [Test]
    public async Task APollingRequestSentInPiecesStillReachesTheHttpPipeline()
    {
        await using var host = await EngineIOEchoHost.StartAsync();
        using var tcp = await ConnectAsync(host);
        var stream = tcp.GetStream();
        await stream.WriteAsync("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n"u8.ToArray()).AsTask().DefaultTimeout();
        await Task.Delay(100);
        await stream.WriteAsync("Connection: close\r\n\r\n"u8.ToArray()).AsTask().DefaultTimeout();

        var response = await ReadToEndAsync(stream);
        Assert.That(response, Does.StartWith("HTTP/1.1 200 "));
        Assert.That(response, Does.Contain("0{\"sid\":"));
    }

    [Test]
    public async Task ARefusedHandshakeGetsTheHttpPipelinesAnswer()
    {
        await using var host = await EngineIOEchoHost.StartAsync();
        using var tcp = await ConnectAsync(host);
        var stream = tcp.GetStream();
        var unknownSid = Handshake.Replace("transport=websocket", "transport=websocket&sid=nope", StringComparison.Ordinal)
            .Replace("X-Repeated: a", "Connection: close", StringComparison.Ordinal);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(unknownSid)).AsTask().DefaultTimeout();

        var response = await ReadToEndAsync(stream);
        Assert.That(response, Does.StartWith("HTTP/1.1 400 "));
        Assert.That(response, Does.Contain("{\"code\":1,\"message\":\"Session ID unknown\"}"));
    }

    [Test]
    public async Task ARequestThatNeverEndsIsClosedAsKestrelWouldCloseIt()
    {
        await using var host = await EngineIOEchoHost.StartAsync("Kestrel:Limits:RequestHeadersTimeout=00:00:01");
        using var tcp = await ConnectAsync(host);
        var stream = tcp.GetStream();
        await stream.WriteAsync("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n"u8.ToArray()).AsTask().DefaultTimeout();

        // Not finished within Kestrel's headers timeout: the connection is dropped (reset), as Kestrel drops it.
        var started = DateTime.UtcNow;
        try
        {
            Assert.That(await ReadToEndAsync(stream), Is.Empty);
        }
        catch (IOException)
        {
            // Reset by the server: closed too.
        }

        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(8)));
    }

    private static async Task<TcpClient> ConnectAsync(TestHost host)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(host.Address.Host, host.Address.Port).DefaultTimeout();
        return tcp;
    }

    private static byte[] MaskedTextFrame(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        byte[] mask = [1, 2, 3, 4];
        var frame = new byte[6 + payload.Length];
        frame[0] = 0x81;
        frame[1] = (byte)(0x80 | payload.Length);
        mask.CopyTo(frame, 2);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[6 + i] = (byte)(payload[i] ^ mask[i % 4]);
        }

        return frame;
    }

    private static async Task<string> ReadFrameAsync(NetworkStream stream)
    {
        var header = new byte[2];
        await stream.ReadExactlyAsync(header).AsTask().DefaultTimeout();
        Assert.That(header[1] & 0x7F, Is.LessThan(126), "short frames only in this test");
        var payload = new byte[header[1] & 0x7F];
        await stream.ReadExactlyAsync(payload).AsTask().DefaultTimeout();
        return Encoding.UTF8.GetString(payload);
    }

    private static async Task<string> ReadUntilAsync(NetworkStream stream, string end)
    {
        var text = new StringBuilder();
        var one = new byte[1];
        while (!text.ToString().EndsWith(end, StringComparison.Ordinal) && text.Length < 4096)
        {
            if (await stream.ReadAsync(one).AsTask().DefaultTimeout() == 0)
            {
                break;
            }

            text.Append((char)one[0]);
        }

        return text.ToString();
    }

    private static async Task<string> ReadToEndAsync(NetworkStream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer).DefaultTimeout();
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
