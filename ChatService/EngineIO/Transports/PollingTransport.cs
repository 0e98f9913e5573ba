using ChatService.Buffers;
using ChatService.EngineIO.Protocol;

namespace ChatService.EngineIO.Transports;

/// <summary>
/// HTTP long-polling: the handshake GET, the GET that waits for packets, and the POST that carries
/// client packets. One GET and one POST at a time per session.
/// </summary>
internal static partial class PollingTransport
{
    private const string TextContentType = "text/plain; charset=UTF-8";
    private static readonly ReadOnlyMemory<byte> Ok = "ok"u8.ToArray();

    public static async Task HandshakeAsync(HttpContext context, EngineIOServer server)
    {
        var session = server.CreateSession(context, EngineIOTransportKind.Polling);
        var open = PayloadWriter.OpenPacket(session.Id, server.Options.AllowWebSocket, server.Options);
        await server.OpenAsync(session).ConfigureAwait(false);
        await WriteTextAsync(context, open).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the session has something to send, then sends everything queued (up to
    /// <see cref="EngineIOOptions.MaxPayload"/> bytes) as one body. A poll ends in one of four ways:
    /// 1 - packets are queued: they are sent, joined by the record separator;
    /// 2 - the session closes: whatever was queued last (a close packet, or a noop when the client closed) is sent;
    /// 3 - the upgrade to WebSocket is under way (probe answered) or complete: a noop is sent (during the
    ///     upgrade queued packets still go out this way; afterwards the queue belongs to the WebSocket);
    /// 4 - the client goes away: the session is closed (the Node reference does the same).
    /// A second GET while one is pending breaks the protocol: the session is closed (the pending GET gets
    /// the close packet) and the second GET gets 400. A poll stops being pending once its answer is decided, before
    /// the answer is written: a client may send its next GET (on another connection) as soon as it has the answer,
    /// before this method resumes after the write.
    /// </summary>
    public static async Task PollAsync(HttpContext context, EngineIOSession session)
    {
        var start = session.TryBeginPoll(context.RequestAborted, out var pollCts);
        if (start == PollStart.Concurrent)
        {
            Log.DuplicatePoll(session.Logger, session.Id);
            session.Close(EngineIOCloseReason.ProtocolViolation);
            await EngineIOErrorResponses.WriteAsync(context, EngineIOError.BadRequest).ConfigureAwait(false);
            return;
        }

        if (start == PollStart.Upgraded)
        {
            await EngineIOErrorResponses.WriteAsync(context, EngineIOError.BadRequest).ConfigureAwait(false);
            return;
        }

        var ended = false;
        void End()
        {
            if (!ended)
            {
                ended = true;
                session.EndPoll(pollCts);
            }
        }

        try
        {
            var reader = session.Outbound;
            var hasData = reader.TryPeek(out _);
            if (!hasData)
            {
                try
                {
                    hasData = await reader.WaitToReadAsync(pollCts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
                {
                    session.Close(EngineIOCloseReason.TransportClose);
                    return;
                }
                catch (OperationCanceledException)
                {
                    // Released by the upgrade to WebSocket (probe answered, or upgrade complete).
                    End();
                    await WriteTextAsync(context, PayloadWriter.Noop).ConfigureAwait(false);
                    return;
                }
            }

            if (!hasData)
            {
                End();
                await WriteTextAsync(context, PayloadWriter.Close).ConfigureAwait(false);
                return;
            }

            using var body = new PooledBufferWriter(1024);
            var first = true;
            var count = 0;
            while (body.WrittenCount < session.Options.MaxPayload && reader.TryPeek(out var next)
                && (count == 0 || body.WrittenCount + PayloadWriter.EncodedLength(next) <= session.Options.MaxPayload)
                && reader.TryRead(out var message))
            {
                PayloadWriter.Append(body, message, ref first);
                count++;
            }

            EngineIOMetrics.PacketsSent.Add(count);
            End();
            await WriteTextAsync(context, body.WrittenMemory).ConfigureAwait(false);
        }
        finally
        {
            End();
            if (session.IsDraining && !session.Outbound.TryPeek(out _))
            {
                session.FinishDrain();
            }
        }
    }

    /// <summary>
    /// Reads a body of client packets (bounded by MaxPayload) and hands them to the session in order. Like a poll, a
    /// POST stops being pending once its packets are handed over, before its <c>ok</c> is written.
    /// </summary>
    public static async Task PostAsync(HttpContext context, EngineIOSession session)
    {
        if (!session.TryBeginPost())
        {
            session.Close(EngineIOCloseReason.ProtocolViolation);
            await EngineIOErrorResponses.WriteAsync(context, EngineIOError.BadRequest).ConfigureAwait(false);
            return;
        }

        var ended = false;
        try
        {
            var request = context.Request;
            if (request.ContentType is { } type && type.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
            {
                // Engine.IO v4 clients never send binary bodies.
                session.Close(EngineIOCloseReason.ParseError);
                await EngineIOErrorResponses.WriteAsync(context, EngineIOError.BadRequest).ConfigureAwait(false);
                return;
            }

            // A body that trickles in (slowloris) holds the session's POST slot: bounded by PostBodyTimeout.
            using var bodyTimeout = new CancellationTokenSource(session.Options.Limits.PostBodyTimeout, session.Time);
            using var bodyRead = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, bodyTimeout.Token);
            ReadOnlyMemory<byte>? body;
            try
            {
                body = await ReadBodyAsync(request, session.Options.MaxPayload, bodyRead.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (bodyTimeout.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
            {
                Log.SlowPostBody(session.Logger, session.Id);
                session.Close(EngineIOCloseReason.TransportError);
                context.Response.StatusCode = StatusCodes.Status408RequestTimeout;
                return;
            }
            catch (BadHttpRequestException ex)
            {
                // Kestrel's own limits (MaxRequestBodySize, MinRequestBodyDataRate): its status, session kept.
                context.Response.StatusCode = ex.StatusCode;
                return;
            }

            if (body is null)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            var packets = new List<InboundPacket>(4);
            if (!PayloadReader.TryReadPayload(body.Value, packets))
            {
                session.Close(EngineIOCloseReason.ParseError);
                await EngineIOErrorResponses.WriteAsync(context, EngineIOError.BadRequest).ConfigureAwait(false);
                return;
            }

            foreach (var packet in packets)
            {
                if (!await session.ReceiveAsync(packet).ConfigureAwait(false))
                {
                    break;
                }
            }

            ended = true;
            session.EndPost();
            context.Response.ContentType = "text/html";
            context.Response.ContentLength = Ok.Length;
            await context.Response.Body.WriteAsync(Ok, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-body; its next request decides what happens.
        }
        finally
        {
            if (!ended)
            {
                session.EndPost();
            }
        }
    }

    /// <summary>Reads the whole body into an array we own; null when it is larger than <paramref name="limit"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = new byte[Math.Max(1, request.ContentLength is long length ? (int)length : Math.Min(limit, 4096))];
        var read = 0;
        while (true)
        {
            if (read == buffer.Length)
            {
                if (buffer.Length > limit)
                {
                    return null;
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, limit + 1));
                if (read == buffer.Length)
                {
                    return null;
                }
            }

            var n = await request.Body.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return buffer.AsMemory(0, read);
            }

            read += n;
            if (read > limit)
            {
                return null;
            }
        }
    }

    private static Task WriteTextAsync(HttpContext context, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = TextContentType;
        response.Headers.CacheControl = "no-store";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }
}
