using System.IO.Pipelines;
using System.Net.WebSockets;
using ChatService.EngineIO.Protocol;

namespace ChatService.EngineIO.Transports;

/// <summary>
/// The WebSocket transport: a direct WebSocket session, or the upgrade of a polling session.
/// One packet per frame; text packets as text frames, binary messages as binary frames.
/// </summary>
/// <remarks>
/// Upgrade from polling (the client keeps polling until the switch is complete):
/// <code>
///  client                                   server
///    |  GET ?transport=websocket&amp;sid=…  →     |  (101, WebSocket open; session still on polling)
///    |  ws: 2probe                        →     |
///    |                                    ←     |  ws: 3probe
///    |                                    ←     |  pending GET released with 6 (noop)
///    |  (client pauses polling)                 |
///    |  ws: 5                             →     |  session switches to WebSocket; queue drained on ws
///    |  later GET/POST ?sid=…             →     |  400 {"code":3,"message":"Bad request"}
/// </code>
/// </remarks>
internal static partial class WebSocketTransport
{
    public static async Task HandshakeAsync(HttpContext context, EngineIOServer server)
    {
        await using var accepted = await WebSocketAcceptor.AcceptAsync(context).ConfigureAwait(false);
        var session = server.CreateSession(context, EngineIOTransportKind.WebSocket);
        await ServeAsync(server, accepted.Input, accepted.Output, session, upgrade: false, context.RequestAborted, context.Abort).ConfigureAwait(false);
    }

    public static async Task UpgradeAsync(HttpContext context, EngineIOServer server, EngineIOSession session)
    {
        await using var accepted = await WebSocketAcceptor.AcceptAsync(context).ConfigureAwait(false);
        await ServeAsync(server, accepted.Input, accepted.Output, session, upgrade: true, context.RequestAborted, context.Abort).ConfigureAwait(false);
    }

    /// <summary>
    /// Serves a session over this WebSocket (<paramref name="input"/> the connection's bytes after the handshake,
    /// <paramref name="output"/> the pipe its frames go into): a new session (<paramref name="upgrade"/> false: the open
    /// packet first) or the upgrade of a polling session (the probe first), then the session until it ends.
    /// The sender writes queued packets (scheduled, no loop of its own) while this reads messages until the client
    /// closes, fails or breaks the protocol — or the sender ends the read (its connection failed, or the client did
    /// not answer the close in time). Then the session closes, and the sender writes what is left (the close packet
    /// included) and the close frame. The sender is the only writer of data: a bad message only sets the status of
    /// that close frame (1002, 1007, 1009). <paramref name="abort"/> aborts the underlying connection.
    /// </summary>
    internal static Task ServeAsync(
        EngineIOServer server, PipeReader input, PipeWriter output, EngineIOSession session, bool upgrade, CancellationToken aborted, Action abort)
    {
        var writer = new WebSocketFrameWriter(output);
        var receiver = new WebSocketReceiver(input, writer, session.Options.MaxPayload);
        var begin = upgrade ? BeginUpgradeAsync(server, receiver, writer, session, aborted) : BeginSessionAsync(server, writer, session, aborted);

        // A new session usually begins at once: then the loop's is the only frame this connection keeps.
        return begin.IsCompletedSuccessfully
            ? Serve(begin.Result, server, session, receiver, writer, abort)
            : ServeAfterAsync(begin, server, session, receiver, writer, abort).Unwrap();
    }

    /// <summary>The beginning had to wait (an upgrade's probe): serves once it is done.</summary>
    private static async Task<Task> ServeAfterAsync(
        ValueTask<Task?> begin, EngineIOServer server, EngineIOSession session, WebSocketReceiver receiver, WebSocketFrameWriter writer, Action abort)
    {
        Task? pollEnded;
        try
        {
            pollEnded = await begin.ConfigureAwait(false);
        }
        catch
        {
            receiver.Dispose();
            throw;
        }

        return Serve(pollEnded, server, session, receiver, writer, abort);
    }

    /// <summary>Starts the sender and the read loop, or ends here when the beginning failed (<paramref name="pollEnded"/> null).</summary>
    private static Task Serve(
        Task? pollEnded, EngineIOServer server, EngineIOSession session, WebSocketReceiver receiver, WebSocketFrameWriter writer, Action abort)
    {
        if (pollEnded is null)
        {
            receiver.Dispose();
            return Task.CompletedTask;
        }

        var sender = new WebSocketSender(session, writer, receiver, server.NextSendScheduler(), abort);
        sender.Start(pollEnded);
        return ReadAsync(session, receiver, writer, sender);
    }

    /// <summary>
    /// Reads messages until the connection ends, then closes the session and waits for the sender. Its state machine is
    /// what an idle connection keeps of ours while it waits: only what the loop needs is in it.
    /// </summary>
    private static async Task ReadAsync(EngineIOSession session, WebSocketReceiver receiver, WebSocketFrameWriter writer, WebSocketSender sender)
    {
        // The receiver is the loop's: disposed when it ends, however it ends.
        using (receiver)
        {
            // One loop per connection, awaiting the pipe itself (no receive task racing the sender, no receiver state
            // machine): an idle connection holds this state machine, Kestrel's, and nothing else.
            var reason = EngineIOCloseReason.TransportError;
            try
            {
                while (true)
                {
                    // No cancellation token: the read ends with the connection, or when the sender cancels it.
                    var read = await receiver.Input.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                    if (!receiver.TryTake(read, out var inbound) || inbound.Kind == WebSocketInboundKind.Pong)
                    {
                        continue;
                    }

                    if (inbound.Kind == WebSocketInboundKind.Ping)
                    {
                        // The sender writes it: it is the connection's only writer now.
                        if (writer.DeferPong(inbound.Data))
                        {
                            session.Outbound.Nudge();
                        }

                        continue;
                    }

                    if (inbound.Kind != WebSocketInboundKind.Message)
                    {
                        reason = Ending(inbound, session, sender);
                        break;
                    }

                    InboundPacket packet;
                    if (inbound.IsBinary)
                    {
                        packet = new InboundPacket(EngineIOPacketType.Message, inbound.Data, IsBinary: true);
                    }
                    else if (!PayloadReader.TryReadPacket(inbound.Data, out packet))
                    {
                        Log.InvalidFrame(session.Logger, session.Id);
                        reason = EngineIOCloseReason.ParseError;
                        break;
                    }

                    if (!await session.ReceiveAsync(packet).ConfigureAwait(false))
                    {
                        reason = EngineIOCloseReason.ForcedClose;
                        break;
                    }
                }
            }
            catch (Exception ex) when (IsConnectionFailure(ex))
            {
                // The connection failed under the read: TransportError.
            }

            session.Close(reason);

            // Bounded: the sender aborts the connection if its last writes are stuck (see WebSocketSender).
            await sender.Completion.ConfigureAwait(false);
        }
    }

    /// <summary>Sends the open packet and opens the session; null when the client is already gone.</summary>
    private static async ValueTask<Task?> BeginSessionAsync(EngineIOServer server, WebSocketFrameWriter writer, EngineIOSession session, CancellationToken aborted)
    {
        var open = PayloadWriter.OpenPacket(session.Id, offerWebSocketUpgrade: false, server.Options);
        try
        {
            await writer.WriteTextAsync(open).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            session.Close(EngineIOCloseReason.TransportError);
            return null;
        }

        await server.OpenAsync(session).ConfigureAwait(false);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs the probe; on success returns the end of the poll still pending (the sender waits for it), otherwise
    /// closes this WebSocket and returns null (the session stays on polling).
    /// </summary>
    private static async ValueTask<Task?> BeginUpgradeAsync(
        EngineIOServer server, WebSocketReceiver receiver, WebSocketFrameWriter writer, EngineIOSession session, CancellationToken aborted)
    {
        if (!session.TryBeginUpgrade())
        {
            // Already upgraded (or upgrading): accept, then close, as the reference server does.
            Log.UpgradeRefused(server.Logger, session.Id);
            await CloseQuietlyAsync(writer, WebSocketCloseStatus.PolicyViolation).ConfigureAwait(false);
            return null;
        }

        if (!await ProbeAsync(receiver, writer, session, server.Options.UpgradeTimeout, aborted).ConfigureAwait(false))
        {
            session.AbortUpgrade();
            Log.UpgradeFailed(server.Logger, session.Id);
            await CloseQuietlyAsync(writer, WebSocketCloseStatus.PolicyViolation).ConfigureAwait(false);
            return null;
        }

        return session.CompleteUpgrade();
    }

    /// <summary>Answers <c>2probe</c> with <c>3probe</c> and waits for <c>5</c>, within the upgrade timeout.</summary>
    private static async Task<bool> ProbeAsync(
        WebSocketReceiver receiver, WebSocketFrameWriter writer, EngineIOSession session, TimeSpan timeout, CancellationToken aborted)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(aborted, session.Closed);
        cts.CancelAfter(timeout);
        var probed = false;
        try
        {
            while (true)
            {
                var inbound = await receiver.ReceiveAsync(cts.Token).ConfigureAwait(false);
                if (inbound.Kind != WebSocketInboundKind.Message || inbound.IsBinary)
                {
                    return false;
                }

                if (!probed && inbound.Data.AsSpan().SequenceEqual("2probe"u8))
                {
                    probed = true;
                    await writer.WriteTextAsync(PayloadWriter.ProbePong).ConfigureAwait(false);
                    session.OnProbe();
                }
                else if (probed && inbound.Data.AsSpan().SequenceEqual("5"u8))
                {
                    return !session.IsClosed;
                }
                else
                {
                    return false;
                }
            }
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            return false;
        }
    }

    /// <summary>Why reading ended on something other than a message; a bad message sets the close frame's status.</summary>
    private static EngineIOCloseReason Ending(in WebSocketInbound inbound, EngineIOSession session, WebSocketSender sender)
    {
        switch (inbound.Kind)
        {
            case WebSocketInboundKind.Close:
                return EngineIOCloseReason.TransportClose;
            case WebSocketInboundKind.Invalid:
                if (inbound.Status == WebSocketCloseStatus.MessageTooBig)
                {
                    Log.MessageTooLarge(session.Logger, session.Id, session.Options.MaxPayload);
                }
                else
                {
                    Log.InvalidFrame(session.Logger, session.Id);
                }

                sender.CloseStatus = inbound.Status;
                return EngineIOCloseReason.ParseError;
            default:
                return EngineIOCloseReason.TransportError;
        }
    }

    /// <summary>Closes a WebSocket that never carried a session (a refused upgrade).</summary>
    private static async Task CloseQuietlyAsync(WebSocketFrameWriter writer, WebSocketCloseStatus status)
    {
        try
        {
            await writer.WriteCloseAsync(status, null).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            // The client is gone: the connection ends with the handler anyway.
        }
    }

    /// <summary>A gone, aborted or too slow client: expected, never logged as a failure.</summary>
    internal static bool IsConnectionFailure(Exception ex) =>
        ex is OperationCanceledException or IOException or ObjectDisposedException;
}
