using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace ChatService.EngineIO.Transports;

/// <summary>
/// One send of a buffer to a socket, as an awaitable <see cref="SocketAsyncEventArgs"/> borrowed from a shared pool
/// for the send's duration only. <c>Socket.SendAsync(ReadOnlyMemory)</c> would cache such an object on every socket
/// for the socket's life: several hundred bytes per idle connection that only a send in progress needs.
/// </summary>
/// <remarks>
/// A stream socket's send completes when every byte is sent (or fails). Most complete at once, on the calling
/// thread; the rest complete on the socket engine's thread, and the awaiter's continuation runs asynchronously.
/// </remarks>
internal sealed class SocketSend : SocketAsyncEventArgs, IValueTaskSource
{
    /// <summary>Operations kept for reuse: sends in progress at once are few (one per connection at most).</summary>
    private const int MaxPooled = 1024;

    private static readonly ConcurrentQueue<SocketSend> Pool = new();
    private static int _pooled;

    private ManualResetValueTaskSourceCore<bool> _source = new() { RunContinuationsAsynchronously = true };

    private SocketSend()
        : base(unsafeSuppressExecutionContextFlow: true)
    {
    }

    /// <summary>
    /// Sends all of <paramref name="data"/>, which must stay untouched until the returned task completes. A failure
    /// surfaces as a <see cref="SocketException"/>.
    /// </summary>
    public static ValueTask SendAsync(Socket socket, ReadOnlyMemory<byte> data)
    {
        var send = Rent();
        send.SetBuffer(MemoryMarshal.AsMemory(data));
        bool pending;
        try
        {
            pending = socket.SendAsync(send);
        }
        catch
        {
            send.Release();
            throw;
        }

        if (pending)
        {
            return new ValueTask(send, send._source.Version);
        }

        var error = send.SocketError;
        send.Release();
        return error == SocketError.Success ? ValueTask.CompletedTask : ValueTask.FromException(new SocketException((int)error));
    }

    /// <inheritdoc />
    protected override void OnCompleted(SocketAsyncEventArgs e)
    {
        if (SocketError == SocketError.Success)
        {
            _source.SetResult(true);
        }
        else
        {
            _source.SetException(new SocketException((int)SocketError));
        }
    }

    void IValueTaskSource.GetResult(short token)
    {
        try
        {
            _source.GetResult(token);
        }
        finally
        {
            Release();
        }
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _source.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _source.OnCompleted(continuation, state, token, flags);

    private static SocketSend Rent()
    {
        if (Pool.TryDequeue(out var send))
        {
            Interlocked.Decrement(ref _pooled);
            return send;
        }

        return new SocketSend();
    }

    /// <summary>Back to the pool (or dropped when it is full), without the buffer it sent.</summary>
    private void Release()
    {
        SetBuffer(Memory<byte>.Empty);
        _source.Reset();
        if (Interlocked.Increment(ref _pooled) <= MaxPooled)
        {
            Pool.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref _pooled);
            Dispose();
        }
    }
}
