using System.ComponentModel.DataAnnotations;
using ChatService.EngineIO.Limits;

namespace ChatService.EngineIO;

/// <summary>
/// Settings of an Engine.IO v4 endpoint. Bound from the <c>EngineIO</c> configuration section.
/// </summary>
public sealed class EngineIOOptions
{
    /// <summary>How often the server sends a ping. The default is 25 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How long the server waits for the pong before closing the session. The default is 20 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long an upgrade from polling to WebSocket may take before it is dropped. The default is 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan UpgradeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest body a client may POST, and the largest WebSocket message, in bytes. Announced in the
    /// open packet. The default is 1,000,000 (like the Node reference server).
    /// </summary>
    [Range(64, 100_000_000)]
    public int MaxPayload { get; set; } = 1_000_000;

    /// <summary>Whether long-polling is offered. The default is true.</summary>
    public bool AllowPolling { get; set; } = true;

    /// <summary>Whether WebSocket is offered (directly, or as an upgrade from polling). The default is true.</summary>
    public bool AllowWebSocket { get; set; } = true;

    /// <summary>
    /// Whether a connection whose first request is a WebSocket handshake for an Engine.IO endpoint is answered
    /// at the connection level, without Kestrel's HTTP/1.1 request machinery (several KB per connection and a
    /// few layers per write; see <c>Transports.WebSocketConnectionMiddleware</c>). Applies to every endpoint of
    /// the host; refusals, TLS and HTTP/2 always take the HTTP pipeline. The default is true.
    /// </summary>
    public bool ConnectionLevelWebSockets { get; set; } = true;

    /// <summary>
    /// Whether a connection-level WebSocket sends its frames straight to the connection's socket, on the thread that
    /// flushes them, rather than through Kestrel's output pipe and its I/O thread (one thread hand-off less per batch
    /// of frames; see <c>Transports.SocketPipeWriter</c>). Only when Kestrel's socket transport carries the
    /// connection. The default is true.
    /// </summary>
    public bool DirectSocketSends { get; set; } = true;

    /// <summary>
    /// How many packets may wait to be sent to one client. A client that falls this far behind is a slow
    /// consumer: its session is closed (reason <see cref="EngineIOCloseReason.SlowConsumer"/>) so that it
    /// never holds memory or delays anyone else. The default is 4,096.
    /// </summary>
    [Range(16, 1_000_000)]
    public int MaxOutboundQueue { get; set; } = 4096;

    /// <summary>
    /// Origins allowed to open sessions (CORS for polling, the <c>Origin</c> check for WebSocket). Empty or
    /// <c>*</c> allows any origin. The default is any origin, like the original service.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Whether polling answers carry <c>Access-Control-Allow-Credentials: true</c>. The default is false.</summary>
    public bool AllowCredentials { get; set; }

    /// <summary>
    /// An optional hook run before a handshake: return null to accept, or a message to refuse the request
    /// with HTTP 403 <c>{"code":4,"message":...}</c>. Not bound from configuration.
    /// </summary>
    public Func<HttpContext, ValueTask<string?>>? AllowRequest { get; set; }

    /// <summary>Admission limits (connections in total and per address, handshake rate, POST body timeout); see <see cref="EngineIOLimitsOptions"/>.</summary>
    public EngineIOLimitsOptions Limits { get; set; } = new();

    internal bool AllowsAnyOrigin => AllowedOrigins.Length == 0 || Array.IndexOf(AllowedOrigins, "*") >= 0;

    internal bool IsOriginAllowed(string origin) =>
        AllowsAnyOrigin || Array.Exists(AllowedOrigins, o => string.Equals(o.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
}
