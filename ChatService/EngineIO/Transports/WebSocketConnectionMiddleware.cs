using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using ChatService.EngineIO.Limits;
using Microsoft.AspNetCore.Connections;

namespace ChatService.EngineIO.Transports;

/// <summary>
/// Kestrel connection middleware: when a connection's first request is an Engine.IO WebSocket handshake that
/// will be accepted (a mapped path, <c>EIO=4</c>, an allowed origin, admission granted, or the upgrade of an open
/// polling session), it answers <c>101</c> itself and runs the WebSocket on the connection's own pipes. The
/// HTTP/1.1 machinery of an upgraded request (its connection, request and response state, header collections,
/// hosting activity — several KB) is then never created for the life of the WebSocket, and each batch of frames
/// goes into the socket's pipe with no HTTP layer in between. Every other connection — other requests, anything
/// unusual, every refusal — goes to the HTTP pipeline untouched, which answers it as before.
/// </summary>
/// <remarks>
/// The first request must be complete within <c>headersTimeout</c> (Kestrel's <c>RequestHeadersTimeout</c>), as
/// Kestrel requires: a client that trickles its request is disconnected then; one that sent nothing yet is handed
/// to the HTTP pipeline, whose keep-alive timeout governs idle connections.
/// </remarks>
internal sealed class WebSocketConnectionMiddleware(ConnectionDelegate next, EngineIOEndpoints endpoints, TimeSpan headersTimeout)
{
    /// <summary>Serves the connection.</summary>
    public async Task OnConnectedAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        SequencePosition? examined = null;
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        deadline.CancelAfter(headersTimeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!connection.ConnectionClosed.IsCancellationRequested)
            {
                if (examined is null)
                {
                    // Nothing sent yet: an idle connection, which Kestrel's keep-alive timeout governs.
                    break;
                }

                // Part of a request, not finished in time: what Kestrel does at its headers timeout.
                deadline.Dispose();
                connection.Abort(new ConnectionAbortedException("Request headers timed out."));
                return;
            }
            catch (OperationCanceledException)
            {
                deadline.Dispose();
                return;
            }

            var buffer = result.Buffer;
            var parse = UpgradeRequest.TryParse(buffer, out var request, out var end);
            if (parse == UpgradeParse.Incomplete && !result.IsCompleted && !result.IsCanceled)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                examined = buffer.End;
                continue;
            }

            if (parse == UpgradeParse.Parsed && endpoints.Find(request!.Path) is { } server && TryAdmit(server, request, connection, out var admission))
            {
                input.AdvanceTo(end);
                deadline.Dispose();
                await ServeAsync(server, request, admission, connection).ConfigureAwait(false);
                return;
            }

            // Not ours: nothing consumed, and (as the pipe requires) the examined mark never moves back.
            input.AdvanceTo(buffer.Start, examined ?? buffer.Start);
            break;
        }

        deadline.Dispose();
        await next(connection).ConfigureAwait(false);
    }

    /// <summary>Whether the handshake will be accepted here; anything doubtful is left to the HTTP pipeline.</summary>
    private static bool TryAdmit(EngineIOServer server, UpgradeRequest request, ConnectionContext connection, out Admission admission)
    {
        admission = default;
        var options = server.Options;
        var query = request.ParseQuery();
        if (!options.AllowWebSocket || options.AllowRequest is not null
            || query.GetValueOrDefault("EIO") != "4" || query.GetValueOrDefault("transport") != "websocket"
            || (request.Origin.Length > 0 && !options.IsOriginAllowed(request.Origin)))
        {
            return false;
        }

        var sid = query.GetValueOrDefault("sid").ToString();
        if (sid.Length > 0)
        {
            if (!server.TryGetSession(sid, out var session) || session.IsClosed || session.Transport != EngineIOTransportKind.Polling)
            {
                return false;
            }

            admission = new Admission(session, null);
            return true;
        }

        if (server.Gate.TryEnter((connection.RemoteEndPoint as IPEndPoint)?.Address, out _) is not { } slot)
        {
            return false;
        }

        admission = new Admission(null, slot);
        return true;
    }

    private static async Task ServeAsync(EngineIOServer server, UpgradeRequest request, Admission admission, ConnectionContext connection)
    {
        var output = connection.Transport.Output;
        try
        {
            output.Write(Encoding.ASCII.GetBytes(
                "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: "
                + WebSocketAcceptor.AcceptKey(request.Key) + "\r\n\r\n"));
            await output.FlushAsync(connection.ConnectionClosed).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            admission.Slot?.Dispose();
            return;
        }

        // Frames are read where Kestrel buffered them; writes go through one serialized stream.
        var input = connection.Transport.Input;
        await using var stream = new SerializedWriteStream(output.AsStream(leaveOpen: true));
        if (admission.Session is { } polling)
        {
            await WebSocketTransport.ServeUpgradeAsync(server, input, stream, polling, connection.ConnectionClosed, connection.Abort).ConfigureAwait(false);
            return;
        }

        var handshake = EngineIOHandshake.From(request, connection.RemoteEndPoint as IPEndPoint, server.Time.GetUtcNow());
        var session = server.CreateSession(handshake, EngineIOTransportKind.WebSocket, admission.Slot);
        await WebSocketTransport.ServeNewSessionAsync(server, input, stream, session, connection.ConnectionClosed, connection.Abort).ConfigureAwait(false);
    }

    private readonly record struct Admission(EngineIOSession? Session, ConnectionSlot? Slot);
}
