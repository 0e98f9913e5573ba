using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace ChatService.EngineIO;

/// <summary>
/// The Engine.IO layer's instruments (<see cref="System.Diagnostics.Metrics"/> only; an exporter such as the
/// app's <c>/metrics</c> listens to the meter <see cref="MeterName"/>). Hot-path calls are a tag-free
/// <c>Counter.Add</c>; open sessions are observed (counted only when a collector asks).
/// </summary>
public static class EngineIOMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "ChatService.EngineIO";

    private static readonly Meter s_meter = new(MeterName);

    // Every live endpoint of the process; the weak table lets a stopped host's server go away.
    private static readonly ConditionalWeakTable<EngineIOServer, object?> s_servers = new();

    internal static readonly Counter<long> SessionsOpened =
        s_meter.CreateCounter<long>("engineio.sessions.opened", "{session}", "Engine.IO sessions opened, by first transport.");

    internal static readonly Counter<long> SessionsClosed =
        s_meter.CreateCounter<long>("engineio.sessions.closed", "{session}", "Engine.IO sessions closed.");

    internal static readonly Counter<long> PacketsReceived =
        s_meter.CreateCounter<long>("engineio.packets.received", "{packet}", "Engine.IO packets received from clients (both transports).");

    internal static readonly Counter<long> PacketsSent =
        s_meter.CreateCounter<long>("engineio.packets.sent", "{packet}", "Engine.IO packets written to clients (both transports).");

    internal static readonly Counter<long> OutboundQueueOverflows =
        s_meter.CreateCounter<long>("engineio.outbound_queue.overflows", "{session}", "Sessions closed as slow consumers because their outbound queue was full.");

    static EngineIOMetrics()
    {
        s_meter.CreateObservableGauge("engineio.sessions.open", ObserveOpenSessions, "{session}", "Open Engine.IO sessions, by current transport.");
    }

    /// <summary>Counts <paramref name="server"/>'s sessions in the open-sessions gauge (called once per endpoint).</summary>
    internal static void Track(EngineIOServer server) => s_servers.AddOrUpdate(server, null);

    internal static void SessionOpened(EngineIOTransportKind transport) =>
        SessionsOpened.Add(1, new KeyValuePair<string, object?>("transport", TransportTag(transport)));

    private static string TransportTag(EngineIOTransportKind transport) =>
        transport == EngineIOTransportKind.Polling ? "polling" : "websocket";

    private static IEnumerable<Measurement<int>> ObserveOpenSessions()
    {
        int polling = 0, webSocket = 0;
        foreach (var (server, _) in s_servers)
        {
            var (p, w) = server.CountByTransport();
            polling += p;
            webSocket += w;
        }

        return
        [
            new Measurement<int>(polling, new KeyValuePair<string, object?>("transport", "polling")),
            new Measurement<int>(webSocket, new KeyValuePair<string, object?>("transport", "websocket")),
        ];
    }
}
