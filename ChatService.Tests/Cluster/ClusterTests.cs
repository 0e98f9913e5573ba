using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Cluster;

/// <summary>
/// Three ChatService nodes as one chat: the same Redis (adapter, presence, recovery sessions) and the same PostgreSQL
/// database (history), with socket.io-client clients spread across the nodes. Nodes 1 and 2 run in this process
/// (<see cref="TestHost"/>); node 3 runs in its own process so that it can be killed. Each scenario of
/// <c>EndToEnd/js/cluster/cluster-scenarios.mjs</c> gets a fresh database and a fresh Redis key prefix.
/// </summary>
[Category("Redis")]
[Category("Postgres")]
[Category("Node")]
[NonParallelizable]
public sealed class ClusterTests
{
    private RedisServer _redis = null!;
    private PostgresServer _postgres = null!;

    private static string Script => Path.Combine(NodeRunner.EndToEndScripts, "cluster", "cluster-scenarios.mjs");

    [OneTimeSetUp]
    public async Task StartServersAsync()
    {
        _redis = await RedisServer.StartAsync().DefaultTimeout(TimeSpan.FromSeconds(30));
        _postgres = await PostgresServer.StartAsync().DefaultTimeout(TimeSpan.FromSeconds(180));
    }

    [OneTimeTearDown]
    public async Task StopServersAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Test]
    public Task MessagesTypingJoinsPresenceAndAnalyticsAgreeAcrossThreeNodes() => RunScenarioAsync("conversation");

    [Test]
    public Task TheOthersCarryOnAndForgetTheUsersOfAKilledNode() => RunScenarioAsync("node-killed");

    [Test]
    public Task DeliveryAndPresenceResumeAfterRedisRestarts() => RunScenarioAsync("redis-restart");

    private async Task RunScenarioAsync(string scenario)
    {
        NodeRunner.RequireNodeModules(NodeRunner.EndToEndScripts);
        if (!_redis.IsRunning)
        {
            await _redis.StartAgainAsync().DefaultTimeout(TimeSpan.FromSeconds(30));
        }

        using var control = new TemporaryDirectory();
        var connectionString = await _postgres.CreateDatabaseAsync().DefaultTimeout(TimeSpan.FromSeconds(30));
        string[] settings =
        [
            $"Redis:Configuration={_redis.Configuration}",
            $"Redis:ChannelPrefix=test-{Guid.NewGuid():N}",
            "Redis:HeartbeatInterval=00:00:00.250",
            "Redis:NodeTimeout=00:00:01.500",
            "Storage:Provider=Postgres",
            $"Storage:ConnectionString={connectionString}",
            "Chat:RateLimit:Enabled=false",
        ];

        await using var node1 = await TestHost.StartAsync(settings);
        await using var node2 = await TestHost.StartAsync(settings);
        await using var node3 = await ChatServiceProcess.StartAsync(settings);
        var actions = new List<Task>();
        var result = await NodeRunner.RunAsync(
            Script,
            [scenario, control.Path, Url(node1.Address), Url(node2.Address), Url(node3.Address)],
            TimeSpan.FromSeconds(180),
            line =>
            {
                if (line.StartsWith("@@control ", StringComparison.Ordinal))
                {
                    var action = line["@@control ".Length..].Trim();
                    lock (actions)
                    {
                        actions.Add(ActAsync(action, node3, control.Path));
                    }
                }
            });

        Task[] pending;
        lock (actions)
        {
            pending = [.. actions];
        }

        await Task.WhenAll(pending).DefaultTimeout(TimeSpan.FromSeconds(60));
        Assert.That(result.ExitCode, Is.EqualTo(0), result + Environment.NewLine + "--- node 3 ---" + Environment.NewLine + node3.Output);
    }

    private async Task ActAsync(string action, ChatServiceProcess node3, string controlDirectory)
    {
        switch (action)
        {
            case "kill-node":
                await node3.KillAsync();
                break;
            case "stop-redis":
                await _redis.StopAsync();
                break;
            case "start-redis":
                await _redis.StartAgainAsync();
                break;
            default:
                throw new InvalidOperationException($"unknown control action {action}");
        }

        await File.WriteAllTextAsync(Path.Combine(controlDirectory, action + ".done"), "done");
    }

    private static string Url(Uri address) => address.ToString().TrimEnd('/');
}
