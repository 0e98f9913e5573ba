using System.Globalization;
using ChatService.Chat.Contracts;
using Microsoft.Extensions.Options;

namespace ChatService.Chat;

/// <summary>
/// Computes <c>GET /api/chat/analytics</c>: totals and per-room counts from the store (so they survive restarts), live
/// users from presence, and the last 24 hours of activity labelled by hour of <see cref="ChatOptions.TimeZone"/>.
/// </summary>
/// <remarks>
/// <c>hourly_activity</c> has 24 entries, oldest first, the last one being the current hour. The store buckets by UTC
/// hour; each bucket is labelled with the local hour its start falls in, which is exact for every zone whose offset is a
/// whole number of hours (America/Sao_Paulo is UTC−3). Across a daylight-saving change a label may repeat or be skipped,
/// as a wall clock does.
/// </remarks>
internal sealed partial class ChatAnalytics
{
    /// <summary>How many hours <c>hourly_activity</c> covers.</summary>
    public const int Hours = 24;

    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    private readonly IMessageStore _store;
    private readonly IPresence _presence;
    private readonly RoomDirectory _rooms;
    private readonly ChatOptions _options;
    private readonly TimeProvider _time;

    public ChatAnalytics(IMessageStore store, IPresence presence, RoomDirectory rooms, IOptions<ChatOptions> options,
        TimeProvider time, ILogger<ChatAnalytics> logger)
    {
        _store = store;
        _presence = presence;
        _rooms = rooms;
        _options = options.Value;
        _time = time;
        TimeZone = ResolveTimeZone(_options.TimeZone, logger);
    }

    /// <summary>The zone the hours are labelled in (UTC when the configured one is unknown).</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>The analytics as of now.</summary>
    public async Task<AnalyticsResponse> GetAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var currentHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var firstHour = currentHour - (Hours - 1) * OneHour;

        var statistics = await _store.GetStatisticsAsync(firstHour, cancellationToken).ConfigureAwait(false);

        var hourly = new HourlyActivity[Hours];
        for (var i = 0; i < Hours; i++)
        {
            var start = firstHour + i * OneHour;
            var local = TimeZoneInfo.ConvertTime(start, TimeZone);
            hourly[i] = new HourlyActivity(
                local.Hour.ToString("00", CultureInfo.InvariantCulture) + ":00",
                statistics.MessagesByHour.GetValueOrDefault(start));
        }

        // Configured rooms appear even before their first message; then every other room with messages.
        var byRoom = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var room in _options.EffectiveRooms)
        {
            byRoom[room.Id] = statistics.MessagesByRoom.GetValueOrDefault(room.Id);
        }

        foreach (var (roomId, count) in statistics.MessagesByRoom.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            byRoom.TryAdd(roomId, count);
        }

        return new AnalyticsResponse(statistics.TotalMessages, _presence.ActiveUsers, _rooms.Count(), byRoom, hourly);
    }

    private static TimeZoneInfo ResolveTimeZone(string id, ILogger logger)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            Log.UnknownTimeZone(logger, id, ex);
            return TimeZoneInfo.Utc;
        }
    }
}
