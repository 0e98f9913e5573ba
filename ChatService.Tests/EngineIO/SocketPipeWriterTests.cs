using System.Net;
using System.Net.Sockets;
using ChatService.EngineIO.Transports;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.EngineIO;

/// <summary>The socket output of connection-level WebSockets, on a real loopback TCP connection.</summary>
public sealed class SocketPipeWriterTests
{
    /// <summary>A connected pair: the server side (written by the writer) and the client side (the peer reading).</summary>
    private sealed class Pair : IDisposable
    {
        public required Socket Server { get; init; }

        public required Socket Client { get; init; }

        public static async Task<Pair> ConnectAsync()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var accept = listener.AcceptAsync();
            await client.ConnectAsync(listener.LocalEndPoint!).DefaultTimeout();
            return new Pair { Server = await accept.DefaultTimeout(), Client = client };
        }

        public async Task<byte[]> ReadAsync(int count)
        {
            var received = new byte[count];
            var read = 0;
            while (read < count)
            {
                var n = await Client.ReceiveAsync(received.AsMemory(read), SocketFlags.None).DefaultTimeout();
                Assert.That(n, Is.GreaterThan(0), $"the connection ended after {read} of {count} bytes");
                read += n;
            }

            return received;
        }

        public void Dispose()
        {
            Server.Dispose();
            Client.Dispose();
        }
    }

    private static byte[] Pattern(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)((i * 31) + seed)).ToArray();

    private static void Write(SocketPipeWriter writer, byte[] bytes)
    {
        var span = writer.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        writer.Advance(bytes.Length);
    }

    [Test]
    public async Task WritesThatOutgrowTheBufferLeaveInOneFlushInOrder()
    {
        using var pair = await Pair.ConnectAsync();
        var writer = new SocketPipeWriter(pair.Server);
        byte[][] parts = [Pattern(100, 1), Pattern(10_000, 2), Pattern(300_000, 3), Pattern(7, 4)];
        foreach (var part in parts)
        {
            Write(writer, part);
        }

        // Read while it is sent: 300 KB may not fit in the kernel's buffers at once.
        var received = pair.ReadAsync(parts.Sum(p => p.Length));
        var flush = await writer.FlushAsync().DefaultTimeout();

        Assert.That(flush.IsCompleted, Is.False);
        Assert.That(await received, Is.EqualTo(parts.SelectMany(p => p).ToArray()));

        // Nothing written: a flush sends nothing and still succeeds.
        Assert.That((await writer.FlushAsync().DefaultTimeout()).IsCompleted, Is.False);
        Write(writer, Pattern(5, 9));
        await writer.FlushAsync().DefaultTimeout();
        Assert.That(await pair.ReadAsync(5), Is.EqualTo(Pattern(5, 9)));
        writer.Complete();
    }

    [Test]
    public async Task AFlushLargerThanTheSocketBuffersWaitsForThePeerToRead()
    {
        using var pair = await Pair.ConnectAsync();
        pair.Server.SendBufferSize = 4096;
        pair.Client.ReceiveBufferSize = 4096;
        var writer = new SocketPipeWriter(pair.Server);
        var bytes = Pattern(8 * 1024 * 1024, 5);
        Write(writer, bytes);

        var flush = writer.FlushAsync();
        Assert.That(flush.IsCompleted, Is.False, "8 MB cannot fit in the kernel's buffers of a peer that does not read");

        var received = await pair.ReadAsync(bytes.Length);
        await flush.DefaultTimeout();
        Assert.That(received, Is.EqualTo(bytes));
    }

    [Test]
    public async Task ASendToAResetConnectionFailsAsAnIOException()
    {
        using var pair = await Pair.ConnectAsync();
        var writer = new SocketPipeWriter(pair.Server);

        // Linger 0: the peer's close is a reset; the next sends find the connection gone.
        pair.Client.LingerState = new LingerOption(true, 0);
        pair.Client.Close();

        IOException? failure = null;
        for (var attempt = 0; attempt < 20 && failure is null; attempt++)
        {
            Write(writer, Pattern(1000, attempt));
            try
            {
                await writer.FlushAsync().DefaultTimeout();
                await Task.Delay(10);
            }
            catch (IOException ex)
            {
                failure = ex;
            }
        }

        Assert.That(failure, Is.Not.Null, "20 sends to a reset connection all succeeded");
        Assert.That(failure!.InnerException, Is.InstanceOf<SocketException>());

        // The writer stays usable for Complete (what the transport does once the connection ended).
        writer.Complete();
    }
}
