using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using ChatService.EngineIO.Limits;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

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
    /// <remarks>
    /// What a WebSocket connection keeps while it waits is the transport's loop and a small task forwarding its end:
    /// the frame that read the first request and wrote the 101 (with the request, its key, its deadline) is gone by then.
    /// </remarks>
    public Task OnConnectedAsync(ConnectionContext connection) => AcceptAsync(connection).Unwrap();

    /// <summary>Answers the first request: returns the task that serves the rest of the connection (the WebSocket, or the HTTP pipeline).</summary>
    private async Task<Task> AcceptAsync(ConnectionContext connection)
    {
        var first = await ReadFirstRequestAsync(connection).ConfigureAwait(false);
        if (first.Server is not { } server)
        {
            return first.PassOn ? next(connection) : Task.CompletedTask;
        }

        var output = DirectOutput(connection, server.Options) ?? connection.Transport.Output;
        var upgrade = first.Admission.Session is not null;
        output.Write(Encoding.ASCII.GetBytes(
            "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: "
            + WebSocketAcceptor.AcceptKey(first.Request!.Key) + "\r\n\r\n"));
        if (upgrade)
        {
            // The probe waits for the client, which waits for this. A new session's 101 leaves with its open packet.
            try
            {
                await output.FlushAsync(connection.ConnectionClosed).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                return Task.CompletedTask;
            }
        }

        // Frames are read where Kestrel buffered them and written straight into its output pipe.
        var session = first.Admission.Session;
        if (session is null)
        {
            var handshake = EngineIOHandshake.From(first.Request, connection.RemoteEndPoint as IPEndPoint, server.Time.GetUtcNow());
            session = server.CreateSession(handshake, EngineIOTransportKind.WebSocket, first.Admission.Slot);
        }

        return WebSocketTransport.ServeAsync(server, connection.Transport.Input, output, session, upgrade, connection.ConnectionClosed, connection.Abort);
    }

    /// <summary>
    /// The connection's socket as the WebSocket's output (see <see cref="SocketPipeWriter"/>), when Kestrel's socket
    /// transport carries the connection and the options allow it; null to write into the connection's pipe.
    /// </summary>
    internal static SocketPipeWriter? DirectOutput(ConnectionContext connection, EngineIOOptions options) =>
        options.DirectSocketSends && connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket
            ? new SocketPipeWriter(socket)
            : null;

    /// <summary>
    /// Reads the connection's first request: an accepted Engine.IO WebSocket handshake (consumed), or one to pass on
    /// to the HTTP pipeline (nothing consumed), or neither (the connection ended or timed out mid-request).
    /// </summary>
    private async Task<FirstRequest> ReadFirstRequestAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        SequencePosition? examined = null;

        // Not linked to ConnectionClosed: a link would leave its registration node on Kestrel's token for the
        // connection's life. A connection that ends completes (or fails) the read anyway.
        using var deadline = new CancellationTokenSource(headersTimeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !connection.ConnectionClosed.IsCancellationRequested)
            {
                if (examined is null)
                {
                    // Nothing sent yet: an idle connection, which Kestrel's keep-alive timeout governs.
                    return new FirstRequest(PassOn: true);
                }

                // Part of a request, not finished in time: what Kestrel does at its headers timeout.
                connection.Abort(new ConnectionAbortedException("Request headers timed out."));
                return default;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The connection ended (aborted or reset) before its first request was complete.
                return default;
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
                return new FirstRequest(false, server, request, admission);
            }

            // Not ours: nothing consumed, and (as the pipe requires) the examined mark never moves back.
            input.AdvanceTo(buffer.Start, examined ?? buffer.Start);
            return new FirstRequest(PassOn: true);
        }
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

    private readonly record struct Admission(EngineIOSession? Session, ConnectionSlot? Slot);

    /// <summary>What the first request asked for: a WebSocket to serve here (<see cref="Server"/> set), or not.</summary>
    private readonly record struct FirstRequest(bool PassOn, EngineIOServer? Server = null, UpgradeRequest? Request = null, Admission Admission = default);
}
