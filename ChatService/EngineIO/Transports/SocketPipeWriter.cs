using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace ChatService.EngineIO.Transports;

/// <summary>
/// The output of a connection-level WebSocket, sent straight to the connection's socket: a flush is one
/// <c>send</c> on the flushing thread. Through Kestrel's output pipe the same flush schedules the transport's send
/// loop on its I/O thread, and every batch of frames then costs a thread hand-off before its system call.
/// </summary>
/// <remarks>
/// Kestrel's own output pipe is never written to (the <c>101</c> goes out here too), so its send loop stays idle
/// and the two never interleave; when the connection ends Kestrel shuts the socket down as usual. One writer at a
/// time, flushes awaited before the next write (the frame writer's rule). Between flushes the bytes wait in a
/// pooled buffer, returned once sent, and a send borrows its socket operation from a pool (<see cref="SocketSend"/>):
/// an idle connection holds neither. A failed send surfaces as an
/// <see cref="IOException"/>, as from a stream.
/// </remarks>
internal sealed class SocketPipeWriter(Socket socket) : PipeWriter
{
    private const int MinimumBufferSize = 4096;

    private byte[]? _buffer;
    private int _written;

    /// <inheritdoc />
    public override void Advance(int bytes)
    {
        if ((uint)bytes > (uint)(Capacity - _written))
        {
            throw new ArgumentOutOfRangeException(nameof(bytes));
        }

        _written += bytes;
    }

    /// <inheritdoc />
    public override Memory<byte> GetMemory(int sizeHint = 0) => Reserve(sizeHint).AsMemory(_written);

    /// <inheritdoc />
    public override Span<byte> GetSpan(int sizeHint = 0) => Reserve(sizeHint).AsSpan(_written);

    /// <summary>Sends what was written. <paramref name="cancellationToken"/> is not observed: a send ends with the connection.</summary>
    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_written == 0)
        {
            return ValueTask.FromResult(default(FlushResult));
        }

        var buffer = _buffer!;
        var count = _written;
        _buffer = null;
        _written = 0;
        ValueTask send;
        try
        {
            // Tried at once on this thread; it waits only when the socket's send buffer is full (a slow client).
            send = SocketSend.SendAsync(socket, buffer.AsMemory(0, count));
        }
        catch (SocketException ex)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw AsIOException(ex);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (send.IsCompletedSuccessfully)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return ValueTask.FromResult(default(FlushResult));
        }

        return AwaitSendAsync(send, buffer);
    }

    /// <summary>Not supported: nothing here cancels a flush (the connection's abort ends a stuck send).</summary>
    public override void CancelPendingFlush() => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Complete(Exception? exception = null)
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            _written = 0;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private int Capacity => _buffer?.Length ?? 0;

    /// <summary>The buffer, with room for <paramref name="sizeHint"/> more bytes (at least one) after what is written.</summary>
    private byte[] Reserve(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (_buffer is { } buffer && needed <= buffer.Length)
        {
            return buffer;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(MinimumBufferSize, Capacity * 2)));
        if (_buffer is { } old)
        {
            old.AsSpan(0, _written).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(old);
        }

        _buffer = grown;
        return grown;
    }

    private static async ValueTask<FlushResult> AwaitSendAsync(ValueTask send, byte[] buffer)
    {
        try
        {
            await send.ConfigureAwait(false);
            return default;
        }
        catch (SocketException ex)
        {
            throw AsIOException(ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A socket error as a stream over the socket would report it.</summary>
    private static IOException AsIOException(SocketException ex) => new(ex.Message, ex);
}
