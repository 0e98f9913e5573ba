using System.ComponentModel.DataAnnotations;

namespace ChatService.EngineIO.Limits;

/// <summary>
/// Admission limits of an Engine.IO endpoint, checked on every handshake before a session (or a WebSocket) is
/// accepted. Bound from the <c>EngineIO:Limits</c> configuration section.
/// </summary>
/// <remarks>
/// "Address" is the client's IP address as Kestrel reports it (IPv4, or the /64 prefix of an IPv6 address).
/// Behind a reverse proxy, enable the forwarded-headers middleware (for example
/// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>) so that the real client address is used. Loopback
/// clients (a reverse proxy on the same machine, local benchmarks) are exempt from the per-address limits
/// unless <see cref="LimitLoopback"/> is set; the total still applies to them.
/// </remarks>
public sealed class EngineIOLimitsOptions
{
    /// <summary>The most sessions the endpoint holds at once; further handshakes get HTTP 503. The default is 10,000.</summary>
    [Range(1, int.MaxValue)]
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// The most sessions one address may hold at once; further handshakes get HTTP 429. The default is 500, so
    /// that a school or an office behind one NAT address is not locked out.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxConnectionsPerAddress { get; set; } = 500;

    /// <summary>How many handshakes one address may make in a burst (a token bucket). The default is 100.</summary>
    [Range(1, 1_000_000)]
    public int HandshakeBurstPerAddress { get; set; } = 100;

    /// <summary>
    /// How many handshakes per second one address may make once its burst is spent; beyond that it gets HTTP
    /// 429 with <c>Retry-After</c>. The default is 20.
    /// </summary>
    [Range(0.0001, 1_000_000)]
    public double HandshakesPerSecondPerAddress { get; set; } = 20;

    /// <summary>Whether loopback clients count against the per-address limits. The default is false.</summary>
    public bool LimitLoopback { get; set; }

    /// <summary>
    /// How long a long-polling POST may take to deliver its body; a slower one (slowloris) gets HTTP 408 and
    /// its session is closed. The default is 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PostBodyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
