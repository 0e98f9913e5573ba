using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ChatService.Tests.Infrastructure;

/// <summary>
/// A WebSocket client on a bare <see cref="TcpClient"/> (Nagle off, so each write leaves as it is written): it does
/// the HTTP/1.1 upgrade itself, then sends whatever bytes a test built (<see cref="ClientFrame"/>) in the writes
/// the test chooses, and parses the server's frames header and all (<see cref="WireFrame"/>). No protocol logic
/// of its own: it never answers a ping or a close unless the test sends the answer.
/// </summary>
public sealed class RawWebSocketWire : IDisposable
{
    /// <summary>The echo host's Engine.IO endpoint, asking for a WebSocket session straight away.</summary>
    public const string EchoPath = "/engine.io/?EIO=4&transport=websocket";

    /// <summary>Frames larger than this are not read (a broken length would otherwise allocate gigabytes).</summary>
    private const long MaxFrameBytes = 16 * 1024 * 1024;

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawWebSocketWire(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>The server's 101 response, headers included.</summary>
    public string HandshakeResponse { get; private set; } = "";

    /// <summary>The Engine.IO open packet's <c>sid</c> (after <see cref="OpenAsync"/>).</summary>
    public string Sid { get; private set; } = "";

    /// <summary>Connects and completes the WebSocket handshake (101 and the right <c>Sec-WebSocket-Accept</c>).</summary>
    public static async Task<RawWebSocketWire> ConnectAsync(Uri address, string pathAndQuery = EchoPath)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(address.Host, address.Port).DefaultTimeout();
        }
        catch
        {
            tcp.Dispose();
            throw;
        }

        var wire = new RawWebSocketWire(tcp);
        try
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            var request =
                $"GET {pathAndQuery} HTTP/1.1\r\nHost: {address.Host}:{address.Port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
            await wire.SendAsync(Encoding.ASCII.GetBytes(request));

            wire.HandshakeResponse = await wire.ReadHeadAsync().DefaultTimeout();
            var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
            if (!wire.HandshakeResponse.StartsWith("HTTP/1.1 101 ", StringComparison.Ordinal)
                || !wire.HandshakeResponse.Contains("Sec-WebSocket-Accept: " + accept + "\r\n", StringComparison.OrdinalIgnoreCase))
            {
                throw new AssertionException($"WebSocket handshake refused:{Environment.NewLine}{wire.HandshakeResponse}");
            }

            return wire;
        }
        catch
        {
            wire.Dispose();
            throw;
        }
    }

    /// <summary>Connects to the echo endpoint and reads the Engine.IO open packet (<c>0{"sid":…}</c>).</summary>
    public static async Task<RawWebSocketWire> OpenAsync(Uri address)
    {
        var wire = await ConnectAsync(address);
        try
        {
            var open = await wire.ReadTextAsync();
            if (!open.StartsWith("0{", StringComparison.Ordinal))
            {
                throw new AssertionException($"Expected the open packet, got '{open}'");
            }

            wire.Sid = JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString()!;
            return wire;
        }
        catch
        {
            wire.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="bytes"/> in one write.</summary>
    public Task SendAsync(ReadOnlyMemory<byte> bytes) => _stream.WriteAsync(bytes).AsTask().DefaultTimeout();

    /// <summary>
    /// Sends <paramref name="bytes"/> in several writes, cut at <paramref name="cuts"/> (offsets, ascending), with a
    /// short pause after each write so that the pieces reach the server separately.
    /// </summary>
    public async Task SendInPiecesAsync(byte[] bytes, params int[] cuts)
    {
        var start = 0;
        foreach (var end in cuts.Append(bytes.Length))
        {
            await SendAsync(bytes.AsMemory(start, end - start));
            start = end;
            await Task.Delay(30);
        }
    }

    /// <summary>The next frame the server sent, whatever it is.</summary>
    public Task<WireFrame> ReadFrameAsync(TimeSpan? timeout = null) => ReadFrameCoreAsync().DefaultTimeout(timeout);

    /// <summary>The next frame, which must be a whole (FIN) text frame; returns its text.</summary>
    public async Task<string> ReadTextAsync(TimeSpan? timeout = null)
    {
        var frame = await ReadFrameAsync(timeout);
        if (frame.Opcode != WireOpcode.Text || !frame.Fin)
        {
            throw new AssertionException($"Expected a text frame, got {frame}");
        }

        return frame.Text;
    }

    /// <summary>
    /// Reads frames until the server's close frame and returns them, the close frame last. Fails when the
    /// connection ends before a close frame arrives.
    /// </summary>
    public async Task<List<WireFrame>> ReadUntilCloseAsync(TimeSpan? timeout = null)
    {
        var frames = new List<WireFrame>();
        var deadline = DateTime.UtcNow + (timeout ?? TaskTimeoutExtensions.Default);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            WireFrame frame;
            try
            {
                frame = await ReadFrameAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            }
            catch (Exception ex) when (ex is EndOfStreamException or IOException)
            {
                throw new AssertionException(
                    $"The connection ended without a close frame ({ex.GetType().Name}); frames before: [{string.Join(", ", frames)}]", ex);
            }

            frames.Add(frame);
            if (frame.IsClose)
            {
                return frames;
            }
        }
    }

    /// <summary>
    /// Reads until the server ends the TCP connection (an orderly end, or a reset) and returns any bytes that came
    /// before the end: empty when the server sent nothing more. Times out when the connection stays open.
    /// </summary>
    public async Task<byte[]> ReadToEndAsync(TimeSpan? timeout = null)
    {
        using var received = new MemoryStream();
        var deadline = DateTime.UtcNow + (timeout ?? TaskTimeoutExtensions.Default);
        var buffer = new byte[4096];
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            int read;
            try
            {
                read = await _stream.ReadAsync(buffer).AsTask().DefaultTimeout(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            }
            catch (IOException)
            {
                // Reset by the server: the connection is over too.
                return received.ToArray();
            }

            if (read == 0)
            {
                return received.ToArray();
            }

            received.Write(buffer, 0, read);
        }
    }

    public void Dispose() => _tcp.Dispose();

    private async Task<WireFrame> ReadFrameCoreAsync()
    {
        var head = await ReadExactlyAsync(2);
        var fin = (head[0] & 0x80) != 0;
        var rsv = (head[0] >> 4) & 0x7;
        var opcode = head[0] & 0xF;
        var masked = (head[1] & 0x80) != 0;
        long length = head[1] & 0x7F;
        var extendedLengthBytes = 0;
        if (length == 126)
        {
            extendedLengthBytes = 2;
            length = BinaryPrimitives.ReadUInt16BigEndian(await ReadExactlyAsync(2));
        }
        else if (length == 127)
        {
            extendedLengthBytes = 8;
            var declared = BinaryPrimitives.ReadUInt64BigEndian(await ReadExactlyAsync(8));
            length = declared > MaxFrameBytes ? long.MaxValue : (long)declared;
        }

        var mask = masked ? await ReadExactlyAsync(4) : null;
        if (length > MaxFrameBytes)
        {
            throw new AssertionException($"The server declared a frame of {length} bytes (opcode 0x{opcode:X})");
        }

        var payload = await ReadExactlyAsync((int)length);
        if (mask is not null)
        {
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] ^= mask[i % 4];
            }
        }

        return new WireFrame(fin, rsv, opcode, masked, extendedLengthBytes, payload);
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        var bytes = new byte[count];
        await _stream.ReadExactlyAsync(bytes);
        return bytes;
    }

    /// <summary>The HTTP response head, read byte by byte so that no frame byte after it is consumed.</summary>
    private async Task<string> ReadHeadAsync()
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (head.Length > 8192 || await _stream.ReadAsync(one) == 0)
            {
                throw new AssertionException($"No complete HTTP response head:{Environment.NewLine}{head}");
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
