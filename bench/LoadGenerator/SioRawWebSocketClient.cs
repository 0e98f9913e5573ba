using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LoadGenerator;

/// <summary>
/// The same Socket.IO client as <see cref="SioWebSocketClient"/> over a minimal RFC 6455 client written on a
/// plain <see cref="Socket"/> (<c>--ws raw</c>): one receive call parses every frame it brought, so the load
/// generator costs a fraction of ClientWebSocket's per-frame work and can receive several hundred thousand
/// frames a second on one core. Client frames are masked; no extensions (no compression), as the servers run.
/// </summary>
internal sealed class SioRawWebSocketClient : SioClientBase
{
    private static int s_next;
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;
    private byte[]? _fragments;
    private int _fragmentLength;
    private bool _opened;

    public SioRawWebSocketClient(int index, ISioListener listener)
        : base(index, listener)
    {
    }

    public string Phase = "";

    public async Task ConnectAsync(Uri baseUri, int sourceAddresses, CancellationToken ct)
    {
        Phase = "tcp";
        if (sourceAddresses > 0)
        {
            var n = (uint)Interlocked.Increment(ref s_next) % (uint)sourceAddresses;
            const int IpBindAddressNoPort = 24;
            _socket.SetRawSocketOption(0, IpBindAddressNoPort, BitConverter.GetBytes(1));
            _socket.Bind(new IPEndPoint(new IPAddress([127, 0, (byte)((n + 2) >> 8), (byte)((n + 2) & 0xff)]), 0));
        }

        await _socket.ConnectAsync(IPAddress.Parse(baseUri.Host), baseUri.Port, ct).ConfigureAwait(false);
        Phase = "websocket";
        var key = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var request = Encoding.ASCII.GetBytes(
            $"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {baseUri.Authority}\r\nUpgrade: websocket\r\n" +
            $"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n");
        await SendAllAsync(request, ct).ConfigureAwait(false);

        // The response head; whatever follows it is already frame data.
        while (true)
        {
            var headEnd = _buffer.AsSpan(0, _end).IndexOf("\r\n\r\n"u8);
            if (headEnd >= 0)
            {
                if (!_buffer.AsSpan(0, _end).StartsWith("HTTP/1.1 101"u8))
                {
                    throw new InvalidOperationException("upgrade refused: " + Encoding.ASCII.GetString(_buffer, 0, Math.Min(_end, 80)));
                }

                _start = headEnd + 4;
                break;
            }

            if (_end == _buffer.Length)
            {
                throw new InvalidOperationException("response head too large");
            }

            var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InvalidOperationException("closed during the upgrade");
            }

            _end += read;
        }

        Phase = "open packet";
        _ = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        await Connected.WaitAsync(ct).ConfigureAwait(false);
    }

    public override async Task SendTextAsync(string packet, CancellationToken ct)
    {
        var length = Encoding.UTF8.GetByteCount(packet);
        var header = length < 126 ? 2 : length <= ushort.MaxValue ? 4 : 10;
        var frame = new byte[header + 4 + length];
        frame[0] = 0x81; // FIN + text
        if (header == 2)
        {
            frame[1] = (byte)(0x80 | length);
        }
        else if (header == 4)
        {
            frame[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)length);
        }
        else
        {
            frame[1] = 0x80 | 127;
            BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), (ulong)length);
        }

        var mask = frame.AsSpan(header, 4);
        Random.Shared.NextBytes(mask);
        var payload = frame.AsSpan(header + 4);
        Encoding.UTF8.GetBytes(packet, payload);
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] ^= mask[i & 3];
        }

        await _sendLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await SendAllAsync(frame, ct).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task SendAllAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        while (!data.IsEmpty)
        {
            var sent = await _socket.SendAsync(data, SocketFlags.None, ct).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                if (!ParseFrames())
                {
                    Close("websocket close");
                    return;
                }

                // Compact, and grow when one frame does not fit.
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }

                if (_end == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    Close("transport close");
                    return;
                }

                _end += read;
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Close("transport error");
        }
    }

    /// <summary>Handles every complete frame in the buffer; false on a close frame.</summary>
    private bool ParseFrames()
    {
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            if (span.Length < 2)
            {
                return true;
            }

            var fin = (span[0] & 0x80) != 0;
            var opcode = span[0] & 0x0f;
            long length = span[1] & 0x7f;
            var header = 2;
            if (length == 126)
            {
                if (span.Length < 4)
                {
                    return true;
                }

                length = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
                header = 4;
            }
            else if (length == 127)
            {
                if (span.Length < 10)
                {
                    return true;
                }

                length = (long)BinaryPrimitives.ReadUInt64BigEndian(span[2..]);
                header = 10;
            }

            if ((span[1] & 0x80) != 0)
            {
                header += 4; // servers do not mask; tolerate it anyway by skipping the key (payload left as is)
            }

            if (span.Length < header + length)
            {
                if (header + length > _buffer.Length)
                {
                    Array.Resize(ref _buffer, (int)Math.Max(_buffer.Length * 2, header + length + 1024));
                }

                return true;
            }

            var payload = span.Slice(header, (int)length);
            _start += header + (int)length;
            switch (opcode)
            {
                case 0x8:
                    return false;
                case 0x9: // ping: answer pong (not used by the servers here)
                    _ = SendControlAsync(0x8A);
                    break;
                case 0x1 or 0x2 when fin:
                    OnMessage(payload, opcode == 0x1);
                    break;
                case 0x1 or 0x2 or 0x0:
                    _fragments ??= new byte[4096];
                    if (_fragmentLength + payload.Length > _fragments.Length)
                    {
                        Array.Resize(ref _fragments, Math.Max(_fragments.Length * 2, _fragmentLength + payload.Length));
                    }

                    payload.CopyTo(_fragments.AsSpan(_fragmentLength));
                    _fragmentLength += payload.Length;
                    if (fin)
                    {
                        OnMessage(_fragments.AsSpan(0, _fragmentLength), true);
                        _fragmentLength = 0;
                    }

                    break;
                default:
                    break;
            }
        }
    }

    private void OnMessage(ReadOnlySpan<byte> payload, bool text)
    {
        if (!text || payload.IsEmpty)
        {
            return;
        }

        if (!_opened && payload[0] == (byte)'0')
        {
            _opened = true;
            Phase = "socket.io connect";
            _ = SendTextAsync("40", CancellationToken.None);
            return;
        }

        HandleEnginePacket(payload);
    }

    private async Task SendControlAsync(byte first)
    {
        try
        {
            await _sendLock.WaitAsync().ConfigureAwait(false);
            try
            {
                await SendAllAsync(new byte[] { first, 0x80, 0, 0, 0, 0 }, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    public override void Abort()
    {
        Closed = true;
        _socket.Dispose();
    }
}
