using ChatService.Chat;
using ChatService.Storage.Sqlite;
using ChatService.Tests.Infrastructure;
using ChatService.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatService.Tests.Chat;

public sealed class ChatAnalyticsTests
{
    // 15:30 UTC is 12:30 in São Paulo (UTC−3, no daylight saving since 2019).
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 15, 30, 0, TimeSpan.Zero);

    private SqliteTestDatabase _database = null!;
    private SqliteMessageStore _store = null!;
    private PresenceTracker _presence = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _database = new SqliteTestDatabase();
        _store = await _database.CreateInitializedStoreAsync();
        _presence = new PresenceTracker();
        _time = new FakeTimeProvider(Now);
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _store.DisposeAsync().DefaultTimeout();
        _database.Dispose();
    }

    [Test]
    public async Task HourlyActivityHas24HoursLabelledInSaoPauloEndingWithTheCurrentHour()
    {
        var analytics = Create();

        var result = await analytics.GetAsync(CancellationToken.None).DefaultTimeout();

        var expected = Enumerable.Range(0, 24).Select(i => $"{(13 + i) % 24:00}:00").ToArray(); // 13:00 … 23:00, 00:00 … 12:00
        Assert.That(result.HourlyActivity.Select(h => h.Hour), Is.EqualTo(expected));
        Assert.That(result.HourlyActivity.Select(h => h.Messages), Is.All.Zero);
        Assert.That(analytics.TimeZone.Id, Is.EqualTo("America/Sao_Paulo"));
    }

    [Test]
    public async Task CountsComeFromTheStoreAndPresence()
    {
        await AppendAsync("general", Now.AddMinutes(-20));                           // 15:10Z → last hour (12:00 local)
        await AppendAsync("general", Now.AddMinutes(-29).AddSeconds(-59));          // 15:00:01Z → last hour
        await AppendAsync("support", Now.AddMinutes(-30).AddMilliseconds(-1));      // 14:59:59.999Z → 11:00 local
        await AppendAsync("tech-talk", new DateTimeOffset(2026, 3, 13, 16, 0, 0, TimeSpan.Zero)); // first hour (13:00 local)
        await AppendAsync("general", new DateTimeOffset(2026, 3, 13, 15, 59, 59, TimeSpan.Zero)); // 25 hours ago: total only
        _presence.Enter(new PresenceEntry("sid-1", "ana", "general", Now));
        _presence.Enter(new PresenceEntry("sid-2", "bruno", "lounge", Now));

        var result = await Create().GetAsync(CancellationToken.None).DefaultTimeout();

        Assert.That(result.TotalMessages, Is.EqualTo(5));
        Assert.That(result.ActiveUsers, Is.EqualTo(2));
        Assert.That(result.TotalRooms, Is.EqualTo(4), "three configured rooms and the occupied 'lounge'");
        Assert.That(result.MessagesByRoom.Select(r => $"{r.Key}={r.Value}"),
            Is.EqualTo(new[] { "general=3", "support=1", "offers=0", "tech-talk=1" }));
        Assert.That(result.HourlyActivity[23].Messages, Is.EqualTo(2));
        Assert.That(result.HourlyActivity[22], Is.EqualTo(new ChatService.Chat.Contracts.HourlyActivity("11:00", 1)));
        Assert.That(result.HourlyActivity[0], Is.EqualTo(new ChatService.Chat.Contracts.HourlyActivity("13:00", 1)));
        Assert.That(result.HourlyActivity.Sum(h => h.Messages), Is.EqualTo(4));
    }

    [Test]
    public async Task TheWindowMovesWithTheClock()
    {
        await AppendAsync("general", Now.AddMinutes(-20));
        var analytics = Create();

        _time.Advance(TimeSpan.FromHours(2));
        var twoHoursLater = await analytics.GetAsync(CancellationToken.None).DefaultTimeout();
        _time.Advance(TimeSpan.FromHours(22));
        var aDayLater = await analytics.GetAsync(CancellationToken.None).DefaultTimeout();

        Assert.That(twoHoursLater.HourlyActivity[^1].Hour, Is.EqualTo("14:00"));
        Assert.That(twoHoursLater.HourlyActivity[21], Is.EqualTo(new ChatService.Chat.Contracts.HourlyActivity("12:00", 1)));
        Assert.That(aDayLater.HourlyActivity.Sum(h => h.Messages), Is.Zero);
        Assert.That(aDayLater.TotalMessages, Is.EqualTo(1));
    }

    [Test]
    public async Task AnUnknownTimeZoneFallsBackToUtc()
    {
        var analytics = Create("Mars/Olympus_Mons");

        var result = await analytics.GetAsync(CancellationToken.None).DefaultTimeout();

        Assert.That(analytics.TimeZone, Is.EqualTo(TimeZoneInfo.Utc));
        Assert.That(result.HourlyActivity[0].Hour, Is.EqualTo("16:00"));
        Assert.That(result.HourlyActivity[^1].Hour, Is.EqualTo("15:00"));
    }

    private ChatAnalytics Create(string timeZone = "America/Sao_Paulo")
    {
        var options = Options.Create(new ChatOptions { TimeZone = timeZone });
        return new ChatAnalytics(_store, _presence, new RoomDirectory(options, _presence), options, _time, NullLogger<ChatAnalytics>.Instance);
    }

    private Task<ChatMessage> AppendAsync(string room, DateTimeOffset at) =>
        _store.AppendAsync(new NewChatMessage(room, "sid-x", "x", "texto", at, MessageKind.User), CancellationToken.None).DefaultTimeout();
}
