using System.Diagnostics.Metrics;

namespace ChatService.Chat;

/// <summary>
/// The chat's instruments (<see cref="System.Diagnostics.Metrics"/> only), on the meter <see cref="MeterName"/>:
/// messages stored by type and events rejected by reason code. Tags are constant strings (no allocation).
/// </summary>
public static class ChatMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "ChatService.Chat";

    private static readonly Meter s_meter = new(MeterName);

    private static readonly Counter<long> s_messagesStored =
        s_meter.CreateCounter<long>("chat.messages.stored", "{message}", "Messages stored and broadcast to their room, by type (user, bot, system).");

    private static readonly Counter<long> s_eventsRejected =
        s_meter.CreateCounter<long>("chat.events.rejected", "{event}", "Client events refused with an error, by reason code.");

    internal static void MessageStored(MessageKind kind) =>
        s_messagesStored.Add(1, new KeyValuePair<string, object?>("type", kind switch
        {
            MessageKind.Bot => "bot",
            MessageKind.System => "system",
            _ => "user",
        }));

    internal static void EventRejected(string reason) =>
        s_eventsRejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
