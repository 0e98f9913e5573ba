using System.Diagnostics.Metrics;

namespace ChatService.SocketIO;

/// <summary>
/// The Socket.IO layer's instruments (<see cref="System.Diagnostics.Metrics"/> only), on the meter
/// <see cref="MeterName"/>. A broadcast records its recipient count once (never per recipient).
/// </summary>
public static class SocketIOMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "ChatService.SocketIO";

    private static readonly Meter s_meter = new(MeterName);

    internal static readonly Counter<long> EventsReceived =
        s_meter.CreateCounter<long>("socketio.events.received", "{event}", "Socket.IO EVENT and BINARY_EVENT packets received from clients.");

    internal static readonly Histogram<int> BroadcastRecipients =
        s_meter.CreateHistogram<int>(
            "socketio.broadcast.recipients",
            "{socket}",
            "Sockets reached by one broadcast on this node (the fan-out).",
            tags: null,
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [0, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] });
}
