using ChatService.Tests.Infrastructure;
using ChatService.Chat;

namespace ChatService.Tests.Storage;

/// <summary>
/// What every <see cref="IMessageStore"/> must do. A provider's fixture derives from this and supplies fresh stores on an
/// empty database (<see cref="CreateStoreAsync"/>) and new instances on the same database (<see cref="ReopenStoreAsync"/>).
/// </summary>
public abstract class MessageStoreContractTests
{
    private readonly List<IMessageStore> _stores = [];

    protected static readonly DateTimeOffset T0 = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An initialized store on an empty database.</summary>
    protected abstract Task<IMessageStore> CreateStoreAsync();

    /// <summary>A new, initialized store instance on the database of the last <see cref="CreateStoreAsync"/>.</summary>
    protected abstract Task<IMessageStore> ReopenStoreAsync();

    protected async Task<IMessageStore> TrackAsync(Task<IMessageStore> creating)
    {
        var store = await creating.DefaultTimeout();
        _stores.Add(store);
        return store;
    }

    protected static async Task DisposeStoreAsync(IMessageStore store)
    {
        if (store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().DefaultTimeout();
        }
    }

    [TearDown]
    public async Task DisposeStoresAsync()
    {
        foreach (var store in _stores)
        {
            await DisposeStoreAsync(store);
        }

        _stores.Clear();
        await AfterStoresDisposedAsync();
    }

    /// <summary>Runs after the stores of a test are disposed (to delete its database).</summary>
    protected virtual Task AfterStoresDisposedAsync() => Task.CompletedTask;

    protected static NewChatMessage Message(string room, string text, DateTimeOffset? at = null, string username = "ana",
        string? clientId = null, MessageKind kind = MessageKind.User, string userId = "sid-ana") =>
        new(room, userId, username, text, at ?? T0, kind, clientId);

    protected static async Task<List<ChatMessage>> AppendManyAsync(IMessageStore store, string room, int count, DateTimeOffset? at = null)
    {
        var stored = new List<ChatMessage>();
        for (var i = 0; i < count; i++)
        {
            stored.Add(await store.AppendAsync(Message(room, $"m{i}", (at ?? T0).AddSeconds(i)), CancellationToken.None).DefaultTimeout());
        }

        return stored;
    }

    [Test]
    public async Task TextBeyondAsciiComesBackAsItWasWritten()
    {
        var store = await TrackAsync(CreateStoreAsync());
        var texts = new[] { "olá, ação e coração", "emoji 🙂👍🏽 e 漢字", new string('ç', 3000) + "🙂" + new string('x', 1500), "último" };

        // Appended together, so that they go in one batch (the multi-row insert), the long one among the others.
        var appending = texts.Select(t => store.AppendAsync(Message("sala-ç", t, username: "joão 🙂", userId: "sid-joão"), CancellationToken.None)).ToArray();
        var stored = await Task.WhenAll(appending).DefaultTimeout();

        var recent = await store.GetRecentAsync("sala-ç", 10, null, CancellationToken.None).DefaultTimeout();
        Assert.That(recent.Select(m => m.Text), Is.EquivalentTo(texts));
        Assert.That(recent, Is.EquivalentTo(stored));
        Assert.That(recent.Select(m => (m.RoomId, m.Username, m.UserId)).Distinct(), Is.EqualTo(new[] { ("sala-ç", "joão 🙂", "sid-joão") }));
    }

    [Test]
    public async Task EmptyTextFieldsStayEmptyNotNull()
    {
        var store = await TrackAsync(CreateStoreAsync());

        // Two at once, so that SQLite's multi-row insert carries them: an empty value is text of length 0.
        var appending = new[] { Message("general", "", username: "", userId: ""), Message("general", "x", username: "") }
            .Select(m => store.AppendAsync(m, CancellationToken.None)).ToArray();
        var stored = await Task.WhenAll(appending).DefaultTimeout();

        var recent = await store.GetRecentAsync("general", 10, null, CancellationToken.None).DefaultTimeout();
        Assert.That(recent, Is.EquivalentTo(stored));
        Assert.That(recent.Select(m => (m.Text, m.Username, m.UserId)), Is.EquivalentTo(new[] { ("", "", ""), ("x", "", "sid-ana") }));
    }

    [Test]
    public async Task AppendReturnsTheStoredMessageWithIncreasingIds()
    {
        var store = await TrackAsync(CreateStoreAsync());
        var at = T0.AddTicks(1234567); // sub-millisecond precision is not kept
        var first = await store.AppendAsync(Message("general", "olá\nmundo\t!", at, clientId: "c-1"), CancellationToken.None).DefaultTimeout();
        var second = await store.AppendAsync(Message("general", "segunda"), CancellationToken.None).DefaultTimeout();

        Assert.That(first.Id, Is.GreaterThan(0));
        Assert.That(second.Id, Is.GreaterThan(first.Id));
        Assert.That(first, Is.EqualTo(new ChatMessage(first.Id, "general", "sid-ana", "ana", "olá\nmundo\t!",
            DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds()), MessageKind.User, "c-1")));
        var recent = await store.GetRecentAsync("general", 10, null, CancellationToken.None).DefaultTimeout();
        Assert.That(recent, Is.EqualTo(new[] { first, second }));
    }

    [Test]
    public async Task KindsAndMissingClientIdRoundTrip()
    {
        var store = await TrackAsync(CreateStoreAsync());
        var user = await store.AppendAsync(Message("support", "oi"), CancellationToken.None).DefaultTimeout();
        var bot = await store.AppendAsync(Message("support", "Olá!", username: "Assistente IntegrAção", userId: "bot", kind: MessageKind.Bot), CancellationToken.None).DefaultTimeout();
        var system = await store.AppendAsync(Message("support", "aviso", username: "system", userId: "system", kind: MessageKind.System), CancellationToken.None).DefaultTimeout();

        var recent = await store.GetRecentAsync("support", 10, null, CancellationToken.None).DefaultTimeout();
        Assert.That(recent.Select(m => m.Kind), Is.EqualTo(new[] { MessageKind.User, MessageKind.Bot, MessageKind.System }));
        Assert.That(recent, Is.EqualTo(new[] { user, bot, system }));
        Assert.That(recent[0].ClientId, Is.Null);
    }

    [Test]
    public async Task GetRecentReturnsTheLastMessagesOldestFirst()
    {
        var store = await TrackAsync(CreateStoreAsync());
        var stored = await AppendManyAsync(store, "general", 8);

        var recent = await store.GetRecentAsync("general", 5, null, CancellationToken.None).DefaultTimeout();

        Assert.That(recent, Is.EqualTo(stored.Skip(3)));
        Assert.That(await store.GetRecentAsync("general", 0, null, CancellationToken.None).DefaultTimeout(), Is.Empty);
        Assert.That(await store.GetRecentAsync("nobody-here", 5, null, CancellationToken.None).DefaultTimeout(), Is.Empty);
    }

    [Test]
    public async Task GetRecentWithBeforePagesBackwardsThroughTheWholeRoom()
    {
        var store = await TrackAsync(CreateStoreAsync());
        var stored = new List<ChatMessage>();
        for (var i = 0; i < 23; i++)
        {
            stored.Add(await store.AppendAsync(Message("general", $"g{i}"), CancellationToken.None).DefaultTimeout());
            await store.AppendAsync(Message("offers", $"o{i}"), CancellationToken.None).DefaultTimeout(); // interleaved, other room
        }

        var pages = new List<IReadOnlyList<ChatMessage>>();
        long? before = null;
        while (true)
        {
            var page = await store.GetRecentAsync("general", 10, before, CancellationToken.None).DefaultTimeout();
            if (page.Count == 0)
            {
                break;
            }

            pages.Add(page);
            before = page[0].Id;
        }

        Assert.That(pages.Select(p => p.Count), Is.EqualTo(new[] { 10, 10, 3 }));
        Assert.That(pages.AsEnumerable().Reverse().SelectMany(p => p), Is.EqualTo(stored));
    }

    [Test]
    public async Task GetAfterReturnsNewerMessagesOldestFirst()
    {
        var store = await TrackAsync(CreateStoreAsync());
        var stored = await AppendManyAsync(store, "general", 10);
        await AppendManyAsync(store, "offers", 3);

        var after = await store.GetAfterAsync("general", stored[3].Id, 4, CancellationToken.None).DefaultTimeout();
        var all = await store.GetAfterAsync("general", 0, 100, CancellationToken.None).DefaultTimeout();
        var none = await store.GetAfterAsync("general", stored[^1].Id, 100, CancellationToken.None).DefaultTimeout();

        Assert.That(after, Is.EqualTo(stored.Skip(4).Take(4)));
        Assert.That(all, Is.EqualTo(stored));
        Assert.That(none, Is.Empty);
    }

    [Test]
    public async Task FindByClientIdFindsOnlyThatUsersMessage()
    {
        var store = await TrackAsync(CreateStoreAsync());
        var stored = await store.AppendAsync(Message("general", "oi", clientId: "k-42"), CancellationToken.None).DefaultTimeout();

        Assert.That(await store.FindByClientIdAsync("ana", "k-42", CancellationToken.None).DefaultTimeout(), Is.EqualTo(stored));
        Assert.That(await store.FindByClientIdAsync("bruno", "k-42", CancellationToken.None).DefaultTimeout(), Is.Null);
        Assert.That(await store.FindByClientIdAsync("ana", "k-43", CancellationToken.None).DefaultTimeout(), Is.Null);
    }

    [Test]
    public async Task AppendingTheSameClientIdTwiceStoresOneMessage()
    {
        var store = await TrackAsync(CreateStoreAsync());
        var first = await store.AppendAsync(Message("general", "oi", clientId: "k-1"), CancellationToken.None).DefaultTimeout();
        var again = await store.AppendAsync(Message("general", "oi (resent)", T0.AddSeconds(5), clientId: "k-1"), CancellationToken.None).DefaultTimeout();
        var otherUser = await store.AppendAsync(Message("general", "oi", username: "bruno", clientId: "k-1"), CancellationToken.None).DefaultTimeout();

        Assert.That(again, Is.EqualTo(first));
        Assert.That(otherUser.Id, Is.Not.EqualTo(first.Id));
        var recent = await store.GetRecentAsync("general", 10, null, CancellationToken.None).DefaultTimeout();
        Assert.That(recent, Is.EqualTo(new[] { first, otherUser }));
    }

    [Test]
    public async Task ConcurrentDuplicateClientIdsStoreOneMessage()
    {
        var store = await TrackAsync(CreateStoreAsync());
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Task.Run(() => store.AppendAsync(Message("general", "oi", clientId: "same"), CancellationToken.None)))).DefaultTimeout();

        Assert.That(results.Select(r => r.Id).Distinct().Count(), Is.EqualTo(1));
        Assert.That((await store.GetStatisticsAsync(T0, CancellationToken.None).DefaultTimeout()).TotalMessages, Is.EqualTo(1));
    }

    [Test]
    public async Task StatisticsCountTotalsRoomsAndUtcHoursSinceTheGivenInstant()
    {
        var store = await TrackAsync(CreateStoreAsync());
        var since = T0.AddHours(-2); // 10:00 UTC
        await store.AppendAsync(Message("general", "old", T0.AddHours(-5)), CancellationToken.None).DefaultTimeout();
        await store.AppendAsync(Message("general", "a", T0.AddHours(-2)), CancellationToken.None).DefaultTimeout(); // 10:00:00.000 exactly
        await store.AppendAsync(Message("offers", "b", T0.AddHours(-2).AddMinutes(59)), CancellationToken.None).DefaultTimeout();
        await store.AppendAsync(Message("general", "c", T0.AddMinutes(1)), CancellationToken.None).DefaultTimeout();
        await store.AppendAsync(Message("support", "d", T0.AddMinutes(59).AddSeconds(59)), CancellationToken.None).DefaultTimeout();
        await store.AppendAsync(Message("general", "e", T0.AddMinutes(-1).AddMilliseconds(-1)), CancellationToken.None).DefaultTimeout(); // 11:58:59.999

        var statistics = await store.GetStatisticsAsync(since, CancellationToken.None).DefaultTimeout();

        Assert.That(statistics.TotalMessages, Is.EqualTo(6));
        Assert.That(statistics.MessagesByRoom, Is.EquivalentTo(new Dictionary<string, long> { ["general"] = 4, ["offers"] = 1, ["support"] = 1 }));
        Assert.That(statistics.MessagesByHour.OrderBy(h => h.Key).Select(h => $"{ChatTime.Format(h.Key)}={h.Value}"), Is.EqualTo(new[]
        {
            "2026-03-14T10:00:00.000Z=2",
            "2026-03-14T11:00:00.000Z=1",
            "2026-03-14T12:00:00.000Z=2",
        }));
    }

    [Test]
    public async Task StatisticsOfAnEmptyStoreAreZero()
    {
        var store = await TrackAsync(CreateStoreAsync());
        var statistics = await store.GetStatisticsAsync(T0, CancellationToken.None).DefaultTimeout();
        Assert.That(statistics.TotalMessages, Is.Zero);
        Assert.That(statistics.MessagesByRoom, Is.Empty);
        Assert.That(statistics.MessagesByHour, Is.Empty);
    }

    [Test]
    public async Task MessagesSurviveANewStoreInstanceOnTheSameDatabase()
    {
        var first = await CreateStoreAsync().DefaultTimeout();
        var stored = await AppendManyAsync(first, "general", 5);
        await DisposeStoreAsync(first);

        var second = await TrackAsync(ReopenStoreAsync());
        Assert.That(await second.GetRecentAsync("general", 50, null, CancellationToken.None).DefaultTimeout(), Is.EqualTo(stored));
        var next = await second.AppendAsync(Message("general", "after restart"), CancellationToken.None).DefaultTimeout();
        Assert.That(next.Id, Is.GreaterThan(stored[^1].Id));
        Assert.That((await second.GetStatisticsAsync(T0, CancellationToken.None).DefaultTimeout()).TotalMessages, Is.EqualTo(6));
    }

    [Test]
    public async Task ConcurrentAppendsFromManyTasksAreAllStoredWithUniqueIds()
    {
        const int Writers = 32;
        const int PerWriter = 50;
        var store = await TrackAsync(CreateStoreAsync());
        var rooms = new[] { "general", "support", "offers" };

        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var mine = new List<ChatMessage>();
            for (var i = 0; i < PerWriter; i++)
            {
                mine.Add(await store.AppendAsync(Message(rooms[w % rooms.Length], $"w{w}-{i}", username: $"user{w}"), CancellationToken.None));
            }

            return mine;
        }))).DefaultTimeout(TimeSpan.FromSeconds(60));

        var all = results.SelectMany(r => r).ToList();
        Assert.That(all.Select(m => m.Id).Distinct().Count(), Is.EqualTo(Writers * PerWriter));
        foreach (var mine in results)
        {
            Assert.That(mine.Select(m => m.Id), Is.Ordered.Ascending, "one writer's messages keep their order");
        }

        var statistics = await store.GetStatisticsAsync(T0, CancellationToken.None).DefaultTimeout();
        Assert.That(statistics.TotalMessages, Is.EqualTo(Writers * PerWriter));
        var general = await store.GetAfterAsync("general", 0, 10_000, CancellationToken.None).DefaultTimeout();
        Assert.That(general, Is.EqualTo(all.Where(m => m.RoomId == "general").OrderBy(m => m.Id)));
    }
}
