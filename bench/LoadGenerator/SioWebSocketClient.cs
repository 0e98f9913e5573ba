using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace LoadGenerator;

/// <summary>What a client hands to the scenario: a Socket.IO EVENT (the JSON array text) or an ACK.</summary>
internal interface ISioListener
{
    void OnEvent(SioClientBase client, ReadOnlySpan<byte> eventArrayJson);

    void OnAck(SioClientBase client, long ackId, ReadOnlySpan<byte> argsJson);

    void OnClosed(SioClientBase client, string reason);
}

/// <summary>State shared by the WebSocket and polling clients: Socket.IO packet parsing and the chat emits.</summary>
internal abstract class SioClientBase
{
    private long _nextAck;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected SioClientBase(int index, ISioListener listener)
    {
        Index = index;
        Listener = listener;
    }

    public int Index { get; }

    public ISioListener Listener { get; set; }

    /// <summary>Free slot for the scenario (room, counters).</summary>
    public object? Tag { get; set; }

    public volatile bool Closed;

    public Task Connected => _connected.Task;

    public abstract Task SendTextAsync(string packet, CancellationToken ct);

    public abstract void Abort();

    /// <summary>Emits <c>42[name,payload]</c> (with an ack id when <paramref name="withAck"/>) and returns the ack id or -1.</summary>
    public async Task<long> EmitAsync(string name, string payloadJson, bool withAck, CancellationToken ct)
    {
        var id = withAck ? Interlocked.Increment(ref _nextAck) : -1;
        var packet = withAck ? $"42{id}[\"{name}\",{payloadJson}]" : $"42[\"{name}\",{payloadJson}]";
        await SendTextAsync(packet, ct).ConfigureAwait(false);
        return id;
    }

    /// <summary>One Engine.IO packet (text, without the transport framing).</summary>
    /// <summary>--trace N: the first N packets client 0 receives are printed (debugging a peer).</summary>
    public static int Trace;

    protected void HandleEnginePacket(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return;
        }

        if (Index == 0 && Trace > 0 && Interlocked.Decrement(ref Trace) >= 0)
        {
            Console.Error.WriteLine("trace: " + Encoding.UTF8.GetString(packet[..Math.Min(packet.Length, 300)]));
        }

        switch (packet[0])
        {
            case (byte)'2': // ping
                _ = PongAsync();
                break;
            case (byte)'4':
                HandleSocketPacket(packet[1..]);
                break;
            case (byte)'1': // close
                Close("server close");
                break;
            default: // 0 open (handled by the transport), 3, 5, 6
                break;
        }
    }

    private async Task PongAsync()
    {
        try
        {
            await SendTextAsync("3", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The close is reported by the receive side.
        }
    }

    private void HandleSocketPacket(ReadOnlySpan<byte> p)
    {
        if (p.IsEmpty)
        {
            return;
        }

        var type = p[0];
        p = p[1..];
        if (!p.IsEmpty && p[0] == (byte)'/')
        {
            // A namespace: "/name," — the benchmark only uses the main namespace, skip it.
            var comma = p.IndexOf((byte)',');
            p = comma < 0 ? [] : p[(comma + 1)..];
        }

        switch (type)
        {
            case (byte)'0':
                _connected.TrySetResult();
                break;
            case (byte)'2':
                {
                    var start = p.IndexOf((byte)'[');
                    if (start >= 0)
                    {
                        Listener.OnEvent(this, p[start..]);
                    }

                    break;
                }

            case (byte)'3':
                {
                    var start = p.IndexOf((byte)'[');
                    if (start > 0 && Utf8Parser.TryParse(p[..start], out long id, out _))
                    {
                        Listener.OnAck(this, id, p[start..]);
                    }

                    break;
                }

            case (byte)'4':
                _connected.TrySetException(new InvalidOperationException("CONNECT_ERROR " + Encoding.UTF8.GetString(p)));
                break;
            case (byte)'1':
                Close("namespace disconnect");
                break;
            default:
                break;
        }
    }

    protected void Close(string reason)
    {
        if (Closed)
        {
            return;
        }

        Closed = true;
        _connected.TrySetException(new InvalidOperationException("closed before connect: " + reason));
        Listener.OnClosed(this, reason);
    }
}

/// <summary>
/// A Socket.IO client over one <see cref="ClientWebSocket"/> (<c>transport=websocket</c> directly, as
/// socket.io-client does with <c>transports: ["websocket"]</c>).
/// </summary>
internal sealed class SioWebSocketClient : SioClientBase
{
    private readonly ClientWebSocket _ws = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private byte[] _buffer = new byte[4096];

    public string Phase = "";

    public SioWebSocketClient(int index, ISioListener listener)
        : base(index, listener)
    {
        _ws.Options.KeepAliveInterval = TimeSpan.Zero;
    }

    /// <summary>Connects, reads the open packet, sends <c>40</c>; <see cref="SioClientBase.Connected"/> completes on the CONNECT answer.</summary>
    public async Task ConnectAsync(Uri baseUri, HttpMessageInvoker invoker, CancellationToken ct)
    {
        var uri = new UriBuilder(baseUri) { Scheme = "ws", Path = "/socket.io/", Query = "EIO=4&transport=websocket" }.Uri;
        Phase = "websocket";
        await _ws.ConnectAsync(uri, invoker, ct).ConfigureAwait(false);
        Phase = "open packet";
        var first = await _ws.ReceiveAsync(_buffer.AsMemory(), ct).ConfigureAwait(false);
        if (first.MessageType != WebSocketMessageType.Text || first.Count == 0 || _buffer[0] != (byte)'0')
        {
            throw new InvalidOperationException("no open packet");
        }

        Phase = "socket.io connect";
        await SendTextAsync("40", ct).ConfigureAwait(false);
        _ = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        await Connected.WaitAsync(ct).ConfigureAwait(false);
    }

    public override async Task SendTextAsync(string packet, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(packet);
        await _sendLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await _ws.SendAsync(bytes, WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == _buffer.Length)
                    {
                        Array.Resize(ref _buffer, _buffer.Length * 2);
                    }

                    result = await _ws.ReceiveAsync(_buffer.AsMemory(count), CancellationToken.None).ConfigureAwait(false);
                    count += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Close("websocket close");
                    return;
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    HandleEnginePacket(_buffer.AsSpan(0, count));
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            Close("transport error");
        }
    }

    public override void Abort()
    {
        Closed = true;
        _ws.Abort();
        _ws.Dispose();
    }

    /// <summary>
    /// One handler for all clients: every connection gets its own source address among 127.0.0.2…(1+n) (and
    /// IP_BIND_ADDRESS_NO_PORT), so that 10,000+ connections never run out of ephemeral ports.
    /// </summary>
    public static HttpMessageInvoker CreateInvoker(int sourceAddresses)
    {
        var next = 0;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    if (sourceAddresses > 0)
                    {
                        var n = (uint)Interlocked.Increment(ref next) % (uint)sourceAddresses;
                        const int IpBindAddressNoPort = 24;
                        socket.SetRawSocketOption(0 /* IPPROTO_IP */, IpBindAddressNoPort, BitConverter.GetBytes(1));
                        socket.Bind(new IPEndPoint(new IPAddress([127, 0, (byte)((n + 2) >> 8), (byte)((n + 2) & 0xff)]), 0));
                    }

                    await socket.ConnectAsync(context.DnsEndPoint, ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpMessageInvoker(handler);
    }
}
