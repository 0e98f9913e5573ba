using System.Buffers;
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
    private static readonly WebSocketAcceptContext AcceptContext = new() { KeepAliveInterval = TimeSpan.Zero };

    public static async Task HandshakeAsync(HttpContext context, EngineIOServer server)
    {
        var (socket, writer) = await WebSocketAcceptor.AcceptAsync(context, AcceptContext).ConfigureAwait(false);
        using var _ = socket;
        var session = server.CreateSession(context, EngineIOTransportKind.WebSocket);
        await ServeNewSessionAsync(server, socket, writer, session, context.RequestAborted, context.Abort).ConfigureAwait(false);
    }

    public static async Task UpgradeAsync(HttpContext context, EngineIOServer server, EngineIOSession session)
    {
        var (socket, writer) = await WebSocketAcceptor.AcceptAsync(context, AcceptContext).ConfigureAwait(false);
        using var _ = socket;
        await ServeUpgradeAsync(server, socket, writer, session, context.RequestAborted, context.Abort).ConfigureAwait(false);
    }

    /// <summary>
    /// Serves a session opened over this WebSocket: the open packet, then the session until it ends.
    /// <paramref name="abort"/> aborts the underlying connection (when the client does not answer the close).
    /// </summary>
    internal static async Task ServeNewSessionAsync(
        EngineIOServer server, WebSocket socket, WebSocketFrameWriter writer, EngineIOSession session, CancellationToken aborted, Action abort)
    {
        var open = PayloadWriter.OpenPacket(session.Id, offerWebSocketUpgrade: false, server.Options);
        try
        {
            await socket.SendAsync(open, WebSocketMessageType.Text, endOfMessage: true, aborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            session.Close(EngineIOCloseReason.TransportError);
            return;
        }

        await server.OpenAsync(session).ConfigureAwait(false);
        await RunAsync(server, socket, writer, session, Task.CompletedTask, aborted, abort).ConfigureAwait(false);
    }

    /// <summary>Serves the upgrade of a polling session to this WebSocket: the probe, then the session until it ends.</summary>
    internal static async Task ServeUpgradeAsync(
        EngineIOServer server, WebSocket socket, WebSocketFrameWriter writer, EngineIOSession session, CancellationToken aborted, Action abort)
    {
        if (!session.TryBeginUpgrade())
        {
            // Already upgraded (or upgrading): accept, then close, as the reference server does.
            Log.UpgradeRefused(server.Logger, session.Id);
            await CloseQuietlyAsync(socket, WebSocketCloseStatus.PolicyViolation).ConfigureAwait(false);
            return;
        }

        if (!await ProbeAsync(socket, session, server.Options.UpgradeTimeout, aborted).ConfigureAwait(false))
        {
            session.AbortUpgrade();
            Log.UpgradeFailed(server.Logger, session.Id);
            await CloseQuietlyAsync(socket, WebSocketCloseStatus.PolicyViolation).ConfigureAwait(false);
            return;
        }

        var pollEnded = session.CompleteUpgrade();
        await RunAsync(server, socket, writer, session, pollEnded, aborted, abort).ConfigureAwait(false);
    }

    /// <summary>Answers <c>2probe</c> with <c>3probe</c> and waits for <c>5</c>, within the upgrade timeout.</summary>
    private static async Task<bool> ProbeAsync(WebSocket socket, EngineIOSession session, TimeSpan timeout, CancellationToken aborted)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(aborted, session.Closed);
        cts.CancelAfter(timeout);
        var buffer = new byte[16];
        var probed = false;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), cts.Token).ConfigureAwait(false);
                if (result.MessageType != WebSocketMessageType.Text || !result.EndOfMessage)
                {
                    return false;
                }

                var frame = buffer.AsSpan(0, result.Count);
                if (!probed && frame.SequenceEqual("2probe"u8))
                {
                    probed = true;
                    await socket.SendAsync(PayloadWriter.ProbePong, WebSocketMessageType.Text, true, cts.Token).ConfigureAwait(false);
                    session.OnProbe();
                }
                else if (probed && frame.SequenceEqual("5"u8))
                {
                    return !session.IsClosed;
                }
                else
                {
                    return false;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs the receive loop and the sender until one ends, then closes the other: the session closes, the
    /// sender writes what is left (the close packet included) and the close frame, and the client gets
    /// <see cref="CloseTimeout"/> to answer it before the socket is aborted. The sender is the only writer of
    /// data: the receive loop asks for a close status (1009 for an oversized message) through
    /// <c>closeStatus</c> instead of writing the close frame itself.
    /// </summary>
    private static async Task RunAsync(
        EngineIOServer server, WebSocket socket, WebSocketFrameWriter writer, EngineIOSession session, Task pollEnded, CancellationToken aborted, Action abort)
    {
        using var sendCts = new CancellationTokenSource();
        using var registration = session.Closed.Register(static s => ((CancellationTokenSource)s!).CancelAfter(CloseTimeout), sendCts);
        var closeStatus = new StrongBox<WebSocketCloseStatus>(WebSocketCloseStatus.NormalClosure);
        var sender = new WebSocketSender(session, socket, writer, closeStatus, server.NextSendScheduler(), sendCts.Token);
        sender.Start(pollEnded);
        var sending = sender.Completion;
        var receiving = ReceiveLoopAsync(socket, session, closeStatus, aborted);

        var first = await Task.WhenAny(sending, receiving).ConfigureAwait(false);
        session.Close(first == receiving ? await receiving.ConfigureAwait(false) : EngineIOCloseReason.TransportError);

        var other = first == receiving ? (Task)sending : receiving;
        if (await Task.WhenAny(other, Task.Delay(CloseTimeout, CancellationToken.None)).ConfigureAwait(false) != other)
        {
            // Disposing the upgraded stream does not end a pending read on it: abort the connection too.
            socket.Abort();
            abort();
        }

        try
        {
            await Task.WhenAll(sending, receiving).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Expected when the socket was aborted.
        }
    }

    /// <summary>Reads frames (one packet each) until the client closes, fails or breaks the protocol.</summary>
    private static async Task<EngineIOCloseReason> ReceiveLoopAsync(
        WebSocket socket, EngineIOSession session, StrongBox<WebSocketCloseStatus> closeStatus, CancellationToken aborted)
    {
        var maxPayload = session.Options.MaxPayload;
        try
        {
            while (true)
            {
                // A zero-byte read first, so that an idle connection holds no buffer.
                var result = await socket.ReceiveAsync(Memory<byte>.Empty, aborted).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return EngineIOCloseReason.TransportClose;
                }

                var messageType = result.MessageType;
                byte[] data;
                if (result.EndOfMessage)
                {
                    data = [];
                }
                else
                {
                    (var outcome, data) = await ReadMessageAsync(socket, maxPayload, aborted).ConfigureAwait(false);
                    if (outcome == ReadOutcome.Closed)
                    {
                        return EngineIOCloseReason.TransportClose;
                    }

                    if (outcome == ReadOutcome.TooLarge)
                    {
                        Log.MessageTooLarge(session.Logger, session.Id, maxPayload);
                        closeStatus.Value = WebSocketCloseStatus.MessageTooBig;
                        return EngineIOCloseReason.ParseError;
                    }
                }

                InboundPacket packet;
                if (messageType == WebSocketMessageType.Binary)
                {
                    packet = new InboundPacket(EngineIOPacketType.Message, data, IsBinary: true);
                }
                else if (!PayloadReader.TryReadPacket(data, out packet))
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
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            return EngineIOCloseReason.TransportError;
        }
    }

    private enum ReadOutcome
    {
        Message,
        TooLarge,
        Closed,
    }

    /// <summary>Reads the rest of one message into a new array, refusing more than <paramref name="maxPayload"/> bytes.</summary>
    private static async Task<(ReadOutcome Outcome, byte[] Data)> ReadMessageAsync(WebSocket socket, int maxPayload, CancellationToken aborted)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var count = 0;
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (buffer.Length > maxPayload)
                    {
                        return (ReadOutcome.TooLarge, []);
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxPayload + 1));
                    buffer.AsSpan(0, count).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var result = await socket.ReceiveAsync(buffer.AsMemory(count), aborted).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return (ReadOutcome.Closed, []);
                }

                count += result.Count;
                if (count > maxPayload)
                {
                    return (ReadOutcome.TooLarge, []);
                }

                if (result.EndOfMessage)
                {
                    return (ReadOutcome.Message, buffer.AsSpan(0, count).ToArray());
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status)
    {
        using var cts = new CancellationTokenSource(CloseTimeout);
        try
        {
            await socket.CloseAsync(status, null, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Abort();
        }
    }
}
