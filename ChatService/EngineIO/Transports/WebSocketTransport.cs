using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
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
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    public static async Task HandshakeAsync(HttpContext context, EngineIOServer server)
    {
        var (input, output) = await WebSocketAcceptor.AcceptAsync(context).ConfigureAwait(false);
        try
        {
            var session = server.CreateSession(context, EngineIOTransportKind.WebSocket);
            await ServeNewSessionAsync(server, input, output, session, context.RequestAborted, context.Abort).ConfigureAwait(false);
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
            await output.DisposeAsync().ConfigureAwait(false);
        }
    }

    public static async Task UpgradeAsync(HttpContext context, EngineIOServer server, EngineIOSession session)
    {
        var (input, output) = await WebSocketAcceptor.AcceptAsync(context).ConfigureAwait(false);
        try
        {
            await ServeUpgradeAsync(server, input, output, session, context.RequestAborted, context.Abort).ConfigureAwait(false);
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
            await output.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Serves a session opened over this WebSocket (<paramref name="input"/> the connection's bytes after the
    /// handshake, <paramref name="output"/> its serialized writes): the open packet, then the session until it ends.
    /// <paramref name="abort"/> aborts the underlying connection (when the client does not answer the close).
    /// </summary>
    internal static async Task ServeNewSessionAsync(
        EngineIOServer server, PipeReader input, Stream output, EngineIOSession session, CancellationToken aborted, Action abort)
    {
        var writer = new WebSocketFrameWriter(output);
        var open = PayloadWriter.OpenPacket(session.Id, offerWebSocketUpgrade: false, server.Options);
        try
        {
            await writer.WriteTextAsync(open, aborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            session.Close(EngineIOCloseReason.TransportError);
            return;
        }

        await server.OpenAsync(session).ConfigureAwait(false);
        using var receiver = new WebSocketReceiver(input, writer, session.Options.MaxPayload);
        await RunAsync(server, receiver, writer, session, Task.CompletedTask, aborted, abort).ConfigureAwait(false);
    }

    /// <summary>Serves the upgrade of a polling session to this WebSocket: the probe, then the session until it ends.</summary>
    internal static async Task ServeUpgradeAsync(
        EngineIOServer server, PipeReader input, Stream output, EngineIOSession session, CancellationToken aborted, Action abort)
    {
        var writer = new WebSocketFrameWriter(output);
        using var receiver = new WebSocketReceiver(input, writer, session.Options.MaxPayload);
        if (!session.TryBeginUpgrade())
        {
            // Already upgraded (or upgrading): accept, then close, as the reference server does.
            Log.UpgradeRefused(server.Logger, session.Id);
            await CloseQuietlyAsync(writer, WebSocketCloseStatus.PolicyViolation).ConfigureAwait(false);
            return;
        }

        if (!await ProbeAsync(receiver, writer, session, server.Options.UpgradeTimeout, aborted).ConfigureAwait(false))
        {
            session.AbortUpgrade();
            Log.UpgradeFailed(server.Logger, session.Id);
            await CloseQuietlyAsync(writer, WebSocketCloseStatus.PolicyViolation).ConfigureAwait(false);
            return;
        }

        var pollEnded = session.CompleteUpgrade();
        await RunAsync(server, receiver, writer, session, pollEnded, aborted, abort).ConfigureAwait(false);
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
                    await writer.WriteTextAsync(PayloadWriter.ProbePong, cts.Token).ConfigureAwait(false);
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

    /// <summary>
    /// Runs the receive loop and the sender until one ends, then closes the other: the session closes, the
    /// sender writes what is left (the close packet included) and the close frame, and the client gets
    /// <see cref="CloseTimeout"/> to answer it before the connection is aborted. The sender is the only writer of
    /// data: the receive loop asks for a close status (1009 for an oversized message, 1002 for a protocol error)
    /// through <c>closeStatus</c> instead of writing the close frame itself.
    /// </summary>
    private static async Task RunAsync(
        EngineIOServer server, WebSocketReceiver receiver, WebSocketFrameWriter writer, EngineIOSession session, Task pollEnded, CancellationToken aborted, Action abort)
    {
        using var sendCts = new CancellationTokenSource();
        using var registration = session.Closed.Register(static s => ((CancellationTokenSource)s!).CancelAfter(CloseTimeout), sendCts);
        var closeStatus = new StrongBox<WebSocketCloseStatus>(WebSocketCloseStatus.NormalClosure);
        var sender = new WebSocketSender(session, writer, closeStatus, server.NextSendScheduler(), sendCts.Token);
        sender.Start(pollEnded);
        var sending = sender.Completion;
        var receiving = ReceiveLoopAsync(receiver, session, closeStatus, aborted);

        var first = await Task.WhenAny(sending, receiving).ConfigureAwait(false);
        session.Close(first == receiving ? await receiving.ConfigureAwait(false) : EngineIOCloseReason.TransportError);

        var other = first == receiving ? (Task)sending : receiving;
        if (await Task.WhenAny(other, Task.Delay(CloseTimeout, CancellationToken.None)).ConfigureAwait(false) != other)
        {
            // The client neither answered the close nor left: a pending read ends only when the connection does.
            abort();
        }

        try
        {
            await Task.WhenAll(sending, receiving).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            // Expected when the connection was aborted.
        }
    }

    /// <summary>Reads messages (one packet each) until the client closes, fails or breaks the protocol.</summary>
    private static async Task<EngineIOCloseReason> ReceiveLoopAsync(
        WebSocketReceiver receiver, EngineIOSession session, StrongBox<WebSocketCloseStatus> closeStatus, CancellationToken aborted)
    {
        try
        {
            while (true)
            {
                var inbound = await receiver.ReceiveAsync(aborted).ConfigureAwait(false);
                switch (inbound.Kind)
                {
                    case WebSocketInboundKind.Close:
                        return EngineIOCloseReason.TransportClose;
                    case WebSocketInboundKind.Ended:
                        return EngineIOCloseReason.TransportError;
                    case WebSocketInboundKind.Invalid:
                        if (inbound.Status == WebSocketCloseStatus.MessageTooBig)
                        {
                            Log.MessageTooLarge(session.Logger, session.Id, session.Options.MaxPayload);
                        }
                        else
                        {
                            Log.InvalidFrame(session.Logger, session.Id);
                        }

                        closeStatus.Value = inbound.Status;
                        return EngineIOCloseReason.ParseError;
                }

                InboundPacket packet;
                if (inbound.IsBinary)
                {
                    packet = new InboundPacket(EngineIOPacketType.Message, inbound.Data, IsBinary: true);
                }
                else if (!PayloadReader.TryReadPacket(inbound.Data, out packet))
                {
                    Log.InvalidFrame(session.Logger, session.Id);
                    return EngineIOCloseReason.ParseError;
                }

                if (!await session.ReceiveAsync(packet).ConfigureAwait(false))
                {
                    return EngineIOCloseReason.ForcedClose;
                }
            }
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            return EngineIOCloseReason.TransportError;
        }
    }

    /// <summary>Closes a WebSocket that never carried a session (a refused upgrade).</summary>
    private static async Task CloseQuietlyAsync(WebSocketFrameWriter writer, WebSocketCloseStatus status)
    {
        using var cts = new CancellationTokenSource(CloseTimeout);
        try
        {
            await writer.WriteCloseAsync(status, null, cts.Token).ConfigureAwait(false);
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
