using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;

namespace ChatService.EngineIO.Transports;

/// <summary>
/// Writes a WebSocket session's queued packets. It has no loop of its own waiting for packets: the session's
/// <see cref="OutboundQueue"/> tells it when packets arrive, it is scheduled on a
/// <see cref="WebSocketSendScheduler"/>, and each run writes everything queued by then as consecutive frames
/// in one write. It continues asynchronously only when the connection pushes back (a slow client).
/// </summary>
/// <remarks>
/// Never runs concurrently with itself: it is scheduled only when armed, and it arms itself only after
/// writing everything it took. When the queue is completed (the session closed) it sends what is left, then
/// the close frame, and completes <see cref="Completion"/>. It also keeps the closing bounded: if the sender is
/// not done (a client that stopped reading) or the client has not answered the close within
/// <see cref="CloseTimeout"/> of the session's end, it ends the receive side and, for a stuck write, aborts the
/// connection. Nothing is registered per connection for that: the queue tells it when the session ends.
/// </remarks>
internal sealed partial class WebSocketSender(
    EngineIOSession session,
    WebSocketFrameWriter writer,
    WebSocketReceiver receiver,
    WebSocketSendScheduler scheduler,
    Action abort) : IOutboundConsumer
{
    /// <summary>How long the client has, once the session has ended, to take what is left and answer the close frame.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private const int BatchSize = 64;

    // Made when someone waits for the end (the transport, once the session has ended): an idle sender has none.
    private TaskCompletionSource? _completion;
    private int _stopped;

    /// <summary>Completes when the sender has stopped: the close frame is sent, or the connection failed.</summary>
    public Task Completion => (Volatile.Read(ref _completion) ?? CreateCompletion()).Task;

    /// <summary>The status of the close frame: 1000, or what the receive side found wrong (set before the session closes).</summary>
    public WebSocketCloseStatus CloseStatus { get; set; } = WebSocketCloseStatus.NormalClosure;

    /// <summary>
    /// Becomes the session's reader once <paramref name="pollEnded"/> completes (after an upgrade, a poll still
    /// pending may be reading the queue: one reader at a time).
    /// </summary>
    public void Start(Task pollEnded)
    {
        writer.HandOver();
        if (pollEnded.IsCompleted)
        {
            session.Outbound.Attach(this);
        }
        else
        {
            _ = AttachAfterAsync(pollEnded);
        }
    }

    /// <inheritdoc />
    public void OnReady() => scheduler.Schedule(this);

    /// <inheritdoc />
    public void OnCompleted() => _ = BoundTheCloseAsync();

    /// <summary>Writes what is queued; called by the scheduler, or after a write that had to wait.</summary>
    public void Run()
    {
        var batch = ArrayPool<OutboundMessage>.Shared.Rent(BatchSize);
        try
        {
            while (true)
            {
                writer.AddDeferredPong();
                var taken = session.Outbound.TakeBatch(batch.AsSpan(0, BatchSize));
                for (var i = 0; i < taken; i++)
                {
                    writer.Add(batch[i]);
                }

                batch.AsSpan(0, taken).Clear();
                if (taken > 0)
                {
                    EngineIOMetrics.PacketsSent.Add(taken);
                    if (taken == BatchSize && writer.Pending < WebSocketFrameWriter.MaxBatchBytes)
                    {
                        continue;
                    }
                }

                if (writer.Pending > 0)
                {
                    var flush = writer.FlushAsync();
                    if (!flush.IsCompletedSuccessfully)
                    {
                        _ = ContinueAfterFlushAsync(flush);
                        return;
                    }

                    if (flush.Result.IsCompleted)
                    {
                        ConnectionGone();
                        return;
                    }

                    continue;
                }

                if (StopsHere())
                {
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            // Runs on the scheduler's work item: nothing may escape, whatever went wrong.
            Fail(ex);
        }
        finally
        {
            ArrayPool<OutboundMessage>.Shared.Return(batch);
        }
    }

    private async Task AttachAfterAsync(Task pollEnded)
    {
        try
        {
            await pollEnded.WaitAsync(session.Closed).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The session ended before the last poll did: nothing will be sent here.
            Stop();
            receiver.Cancel();
            return;
        }

        session.Outbound.Attach(this);
    }

    private async Task BoundTheCloseAsync()
    {
        await Task.Delay(CloseTimeout, session.Time).ConfigureAwait(false);
        if (!Completion.IsCompleted)
        {
            // A write is stuck on a client that stopped reading: only aborting the connection ends it.
            abort();
        }

        receiver.Cancel();
    }

    private async Task ContinueAfterFlushAsync(ValueTask<FlushResult> flush)
    {
        FlushResult result;
        try
        {
            result = await flush.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Fail(ex);
            return;
        }

        if (result.IsCompleted)
        {
            ConnectionGone();
            return;
        }

        Run();
    }

    /// <summary>
    /// Everything taken is written and nothing is queued: starts the close when the queue is completed, or arms the
    /// sender for the next packet. False when packets arrived meanwhile (the caller carries on).
    /// </summary>
    private bool StopsHere()
    {
        if (session.Outbound.IsCompleted)
        {
            _ = CloseAsync();
            return true;
        }

        return session.Outbound.TryArm();
    }

    /// <summary>Everything queued is written: the close frame (with the status the receive side asked for) ends the stream.</summary>
    private async Task CloseAsync()
    {
        try
        {
            var status = CloseStatus;
            var description = status == WebSocketCloseStatus.MessageTooBig ? "payload too large" : null;
            await writer.WriteCloseAsync(status, description).ConfigureAwait(false);
        }
        catch (Exception ex) when (WebSocketTransport.IsConnectionFailure(ex))
        {
            // The client is gone or too slow to take the close frame.
        }
        finally
        {
            Stop();
        }
    }

    private TaskCompletionSource CreateCompletion()
    {
        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var completion = Interlocked.CompareExchange(ref _completion, created, null) ?? created;

        // Stop sets _stopped before it reads _completion (both full fences): one of the two completes it.
        if (Volatile.Read(ref _stopped) != 0)
        {
            completion.TrySetResult();
        }

        return completion;
    }

    private void Stop()
    {
        Interlocked.Exchange(ref _stopped, 1);
        Volatile.Read(ref _completion)?.TrySetResult();
    }

    /// <summary>The connection no longer takes writes (it closed under the sender): nothing more to send or read.</summary>
    private void ConnectionGone()
    {
        Stop();
        receiver.Cancel();
    }

    /// <summary>The write failed: a gone or too slow client is expected; anything else is logged. Either way the sender stops.</summary>
    private void Fail(Exception ex)
    {
        if (!WebSocketTransport.IsConnectionFailure(ex))
        {
            Log.SendFailed(session.Logger, session.Id, ex);
        }

        Stop();
        receiver.Cancel();
    }

    private static partial class Log
    {
        [LoggerMessage(1305, LogLevel.Warning, "Engine.IO session {Sid}: WebSocket send failed", EventName = "SendFailed")]
        public static partial void SendFailed(ILogger logger, string sid, Exception exception);
    }
}
