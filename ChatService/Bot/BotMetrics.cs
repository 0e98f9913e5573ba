using System.Diagnostics.Metrics;

namespace ChatService.Bot;

/// <summary>
/// The support bot's instruments (<see cref="System.Diagnostics.Metrics"/> only), on the meter
/// <see cref="MeterName"/>: replies sent and hand-off transitions.
/// </summary>
public static class BotMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "ChatService.Bot";

    private static readonly Meter s_meter = new(MeterName);

    internal static readonly Counter<long> Replies =
        s_meter.CreateCounter<long>("bot.replies", "{message}", "Answers the support bot posted.");

    private static readonly Counter<long> s_handoffs =
        s_meter.CreateCounter<long>("bot.handoffs", "{handoff}", "Hand-offs to a human, by step (requested, accepted, released, timed_out).");

    internal static void Handoff(string step) => s_handoffs.Add(1, new KeyValuePair<string, object?>("step", step));
}
