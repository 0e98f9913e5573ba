using ChatService.Adapters.Redis;
using ChatService.Chat;
using ChatService.SocketIO;
using ChatService.SocketIO.Recovery;
using ChatService.Storage.Redis;
using ChatService.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatService.Tests.Adapters;

/// <summary>
/// Cluster-wide presence and recovery sessions on a real redis-server: several "nodes" (each its own connection,
/// presence and session store) in this process.
/// </summary>
[Category("Redis")]
[NonParallelizable]
public sealed class RedisPresenceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    private RedisServer _redis = null!;
    private string _prefix = null!;
    private readonly List<Func<Task>> _cleanup = [];

    [OneTimeSetUp]
    public async Task StartRedisAsync() => _redis = await RedisServer.StartAsync().DefaultTimeout(TimeSpan.FromSeconds(30));

    [OneTimeTearDown]
    public async Task StopRedisAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [SetUp]
    public async Task FreshPrefixAsync()
    {
        _prefix = "t-" + Guid.NewGuid().ToString("N")[..12];
        if (!_redis.IsRunning)
        {
            await _redis.StartAgainAsync().DefaultTimeout(TimeSpan.FromSeconds(30));
        }
    }

    [TearDown]
    public async Task StopNodesAsync()
    {
        foreach (var cleanup in Enumerable.Reverse(_cleanup))
        {
            await cleanup().DefaultTimeout(TimeSpan.FromSeconds(20));
        }

        _cleanup.Clear();
    }

    [Test]
    public async Task EveryNodeCountsTheConnectionsOfEveryNode()
    {
        var (_, a) = await StartNodeAsync();
        var (_, b) = await StartNodeAsync();

        a.Enter(new PresenceEntry("sid-a", "Ana", "general", T0));
        b.Enter(new PresenceEntry("sid-b", "Bruno", "general", T0));
        b.Enter(new PresenceEntry("sid-c", "Carla", "offers", T0));

        await EventuallyAsync(() => a.CountInRoom("general") == 2 && a.CountInRoom("offers") == 1 && a.ActiveUsers == 3);
        await EventuallyAsync(() => b.CountInRoom("general") == 2 && b.ActiveUsers == 3);
        Assert.That(a.Get("sid-b"), Is.EqualTo(new PresenceEntry("sid-b", "Bruno", "general", T0)));
        Assert.That(a.RoomCounts(), Is.EquivalentTo(new Dictionary<string, int> { ["general"] = 2, ["offers"] = 1 }));

        // Moving and leaving reach the other node too.
        b.Enter(new PresenceEntry("sid-b", "Bruno", "offers", T0));
        a.Leave("sid-a");
        await EventuallyAsync(() => a.CountInRoom("general") == 0 && a.CountInRoom("offers") == 2 && a.ActiveUsers == 2);
        await EventuallyAsync(() => b.CountInRoom("general") == 0 && b.ActiveUsers == 2);
    }

    [Test]
    public async Task ANodeThatVanishesIsForgottenAfterItsHeartbeatExpires()
    {
        var (connectionA, a) = await StartNodeAsync();
        var (_, b) = await StartNodeAsync();
        a.Enter(new PresenceEntry("sid-a", "Ana", "general", T0));
        await EventuallyAsync(() => b.CountInRoom("general") == 1);

        // Node A dies: its Redis connection goes first, so it cannot say goodbye.
        await connectionA.DisposeAsync();
        await a.StopAsync(CancellationToken.None).DefaultTimeout();

        await EventuallyAsync(() => b.CountInRoom("general") == 0 && b.ActiveUsers == 0 && b.RemoteNodes.Count == 0);
    }

    [Test]
    public async Task ANodeThatStopsLeavesAtOnce()
    {
        var (_, a) = await StartNodeAsync(nodeTimeout: TimeSpan.FromMinutes(5));
        var (_, b) = await StartNodeAsync(nodeTimeout: TimeSpan.FromMinutes(5));
        a.Enter(new PresenceEntry("sid-a", "Ana", "general", T0));
        await EventuallyAsync(() => b.CountInRoom("general") == 1);

        await a.StopAsync(CancellationToken.None).DefaultTimeout();

        // Long before the five-minute node timeout.
        await EventuallyAsync(() => b.CountInRoom("general") == 0 && b.RemoteNodes.Count == 0);
    }

    [Test]
    public async Task PresenceIsRewrittenWhenRedisComesBackEmpty()
    {
        var (_, a) = await StartNodeAsync();
        var (_, b) = await StartNodeAsync();
        a.Enter(new PresenceEntry("sid-a", "Ana", "general", T0));
        await EventuallyAsync(() => b.CountInRoom("general") == 1);

        await _redis.StopAsync().DefaultTimeout(TimeSpan.FromSeconds(20));
        a.Enter(new PresenceEntry("sid-a2", "Alice", "general", T0)); // while Redis is away
        Assert.That(a.CountInRoom("general"), Is.EqualTo(2), "local presence goes on without Redis");
        await _redis.StartAgainAsync().DefaultTimeout(TimeSpan.FromSeconds(30));

        // A node that never saw the old data learns everything from what A rewrote.
        var (_, c) = await StartNodeAsync();
        await EventuallyAsync(() => c.CountInRoom("general") == 2, TimeSpan.FromSeconds(30));
        await EventuallyAsync(() => b.CountInRoom("general") == 2, TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task ASessionSavedOnOneNodeIsTakenOnceOnAnother()
    {
        var (connectionA, _) = await StartNodeAsync();
        var (connectionB, _) = await StartNodeAsync();
        var options = Options.Create(new SocketIOOptions());
        var storeA = new RedisSocketSessionStore(connectionA, options, NullLogger<RedisSocketSessionStore>.Instance);
        var storeB = new RedisSocketSessionStore(connectionB, options, NullLogger<RedisSocketSessionStore>.Instance);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var state = new SocketSessionState("pid-1", "sid-1", "/", ["general"], "{\"x\":1}"u8.ToArray(), at);

        await storeA.SaveAsync(state, CancellationToken.None).DefaultTimeout();
        await storeA.SaveAsync(state with { Pid = "pid-2" }, CancellationToken.None).DefaultTimeout();
        var taken = await storeB.TakeAsync("pid-1", at.AddMinutes(-1), CancellationToken.None).DefaultTimeout();
        var again = await storeA.TakeAsync("pid-1", at.AddMinutes(-1), CancellationToken.None).DefaultTimeout();
        var tooOld = await storeB.TakeAsync("pid-2", at.AddSeconds(1), CancellationToken.None).DefaultTimeout();

        Assert.That(taken, Is.Not.Null);
        Assert.That(taken!.SocketId, Is.EqualTo("sid-1"));
        Assert.That(taken.Rooms, Is.EqualTo(new[] { "general" }));
        Assert.That(taken.Data.ToArray(), Is.EqualTo("{\"x\":1}"u8.ToArray()));
        Assert.That(again, Is.Null, "a session is recovered once");
        Assert.That(tooOld, Is.Null, "a session older than the window is not recovered");
    }

    [Test]
    public async Task SessionsAreNotKeptWhileRedisIsAwayAndNothingFails()
    {
        var (connection, _) = await StartNodeAsync();
        var store = new RedisSocketSessionStore(connection, Options.Create(new SocketIOOptions()), NullLogger<RedisSocketSessionStore>.Instance);
        await _redis.StopAsync().DefaultTimeout(TimeSpan.FromSeconds(20));

        await store.SaveAsync(new SocketSessionState("pid-1", "sid-1", "/", [], default, DateTimeOffset.UtcNow), CancellationToken.None).DefaultTimeout();
        Assert.That(await store.TakeAsync("pid-1", DateTimeOffset.MinValue, CancellationToken.None).DefaultTimeout(), Is.Null);
    }

    private async Task<(RedisConnection Connection, RedisPresence Presence)> StartNodeAsync(TimeSpan? nodeTimeout = null)
    {
        var options = Options.Create(new RedisAdapterOptions
        {
            Configuration = _redis.Configuration,
            ChannelPrefix = _prefix,
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            NodeTimeout = nodeTimeout ?? TimeSpan.FromSeconds(1),
        });
        var connection = new RedisConnection(options, NullLogger<RedisConnection>.Instance);
        var presence = new RedisPresence(connection, TimeProvider.System, NullLogger<RedisPresence>.Instance);
        await connection.GetMultiplexerAsync().DefaultTimeout(TimeSpan.FromSeconds(20));
        await presence.StartAsync(CancellationToken.None).DefaultTimeout();
        _cleanup.Add(async () =>
        {
            await presence.StopAsync(CancellationToken.None);
            await connection.DisposeAsync();
        });
        return (connection, presence);
    }

    private static async Task EventuallyAsync(Func<bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("the condition never became true");
            }

            await Task.Delay(50);
        }
    }
}
