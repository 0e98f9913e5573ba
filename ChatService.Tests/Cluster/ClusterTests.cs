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

    [Test]
    [Category("Nginx")]
    public async Task TheNginxExampleKeepsLongPollingOnOneNode()
    {
        var nginx = ServerProcess.FindExecutable("nginx", "/usr/sbin/nginx")
            ?? throw new AssertionException("nginx is not installed: run scripts/test.sh (it installs Debian's nginx-light) or apt-get install nginx-light.");
        await RunScenarioAsync("conversation-via-proxy", async nodes =>
        {
            // docs/nginx-sticky.conf as shipped, with this test's ports.
            var prefix = new TemporaryDirectory();
            var port = ServerProcess.FreePort();
            var ports = nodes.Select(n => n.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var config = (await File.ReadAllTextAsync(Path.Combine(NodeRunner.RepositoryRoot, "docs", "nginx-sticky.conf")))
                .Replace("127.0.0.1:5001", "127.0.0.1:" + ports[0], StringComparison.Ordinal)
                .Replace("127.0.0.1:5002", "127.0.0.1:" + ports[1], StringComparison.Ordinal)
                .Replace("127.0.0.1:5003", "127.0.0.1:" + ports[2], StringComparison.Ordinal)
                .Replace("127.0.0.1:8080", "127.0.0.1:" + port, StringComparison.Ordinal);
            var configPath = Path.Combine(prefix.Path, "nginx.conf");
            await File.WriteAllTextAsync(configPath, config);
            var process = ServerProcess.Start(nginx, ["-e", "stderr", "-p", prefix.Path + "/", "-c", configPath, "-g", "daemon off;"], prefix.Path);
            var address = new Uri($"http://127.0.0.1:{port}");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (true)
            {
                try
                {
                    (await http.GetAsync(new Uri(address, "/health"))).EnsureSuccessStatusCode();
                    break;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    if (process.HasExited || DateTime.UtcNow > deadline)
                    {
                        throw new AssertionException($"nginx did not serve /health: {ex.Message}{Environment.NewLine}{process.Output}");
                    }

                    await Task.Delay(100);
                }
            }

            return (address, async () =>
            {
                await process.DisposeAsync();
                prefix.Dispose();
            });
        });
    }

    private Task RunScenarioAsync(string scenario) => RunScenarioAsync(scenario, proxy: null);

    /// <summary>
    /// Runs a scenario on three nodes. <paramref name="proxy"/>, when given, starts a proxy in front of the nodes; the
    /// scenario's first URL is then the proxy's.
    /// </summary>
    private async Task RunScenarioAsync(string scenario, Func<Uri[], Task<(Uri Address, Func<Task> Stop)>>? proxy)
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
        var first = node1.Address;
        Func<Task>? stopProxy = null;
        if (proxy is not null)
        {
            (first, stopProxy) = await proxy([node1.Address, node2.Address, node3.Address]).DefaultTimeout(TimeSpan.FromSeconds(30));
        }

        try
        {
            await RunNodeScriptAsync(scenario, control.Path, node3, [first, node2.Address, node3.Address]);
        }
        finally
        {
            if (stopProxy is not null)
            {
                await stopProxy().DefaultTimeout(TimeSpan.FromSeconds(30));
            }
        }
    }

    private async Task RunNodeScriptAsync(string scenario, string controlPath, ChatServiceProcess node3, Uri[] urls)
    {
        var actions = new List<Task>();
        var result = await NodeRunner.RunAsync(
            Script,
            [scenario, controlPath, .. urls.Select(Url)],
            TimeSpan.FromSeconds(180),
            line =>
            {
                if (line.StartsWith("@@control ", StringComparison.Ordinal))
                {
                    var action = line["@@control ".Length..].Trim();
                    lock (actions)
                    {
                        actions.Add(ActAsync(action, node3, controlPath));
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
