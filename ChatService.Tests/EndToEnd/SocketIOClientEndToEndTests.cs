using System.Text.Json;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.EndToEnd;

/// <summary>
/// The official JavaScript <c>socket.io-client</c> 4.8.1 (npm, pinned in <c>EndToEnd/js/package-lock.json</c>)
/// against our server in conformance mode, in the three transport modes a browser uses. Each case starts its
/// own host and runs one scenario of <c>EndToEnd/js/scenarios.mjs</c>; the scripts were validated against the
/// Node reference server (<c>node run-all.mjs --reference</c>: all pass).
/// </summary>
[Category("Node")]
[NonParallelizable]
public sealed class SocketIOClientEndToEndTests
{
    /// <summary>
    /// polling: <c>transports: ["polling"]</c>; websocket: <c>transports: ["websocket"]</c>;
    /// upgrade: the client's defaults (polling, then the upgrade, which every client asserts).
    /// </summary>
    public static readonly string[] Modes = ["polling", "websocket", "upgrade"];

    /// <summary>The scenarios of scenarios.mjs (checked against <c>node scenarios.mjs --list</c>).</summary>
    public static readonly string[] Scenarios =
    [
        "connect-auth",
        "emit-receive",
        "ack-client",
        "ack-server",
        "ack-server-timeout",
        "ack-server-binary",
        "idle-heartbeat",
        "stream",
        "many-clients",
        "binary",
        "namespace-multiplex",
        "namespace-dynamic",
        "namespace-invalid",
        "admin-auth",
        "rooms",
        "rooms-except",
        "broadcast",
        "server-disconnect",
        "reconnect",
        "close-reason",
        "client-disconnect",
    ];

    /// <summary>
    /// Conformance mode (the test handlers) with short heartbeats, so that pings run during every scenario;
    /// the pong deadline (and the client's own ping deadline, interval + timeout) is generous because node and
    /// the server share two cores with whatever else runs on the machine.
    /// </summary>
    private static readonly string[] s_conformanceSettings =
    [
        "Mode=Conformance",
        "EngineIO:PingInterval=00:00:00.300",
        "EngineIO:PingTimeout=00:00:05",
    ];

    private static readonly TimeSpan s_scenarioTimeout = TimeSpan.FromSeconds(45);

    private static string ScenariosScript => Path.Combine(NodeRunner.EndToEndScripts, "scenarios.mjs");

    /// <summary>
    /// Server bugs still open, as (mode or "*", scenario) → reason; those cases are ignored, not weakened.
    /// Remove an entry as soon as the bug is fixed. Repro details: EndToEnd/README.md, "Known server bugs".
    /// </summary>
    private static readonly Dictionary<(string Mode, string Scenario), string> s_knownServerBugs = new();

    public static IEnumerable<TestCaseData> Cases() =>
        from mode in Modes
        from scenario in Scenarios
        select WithKnownBug(new TestCaseData(mode, scenario).SetName($"SocketIOClient_{mode}_{scenario}"), mode, scenario);

    public static IEnumerable<TestCaseData> ShutdownCases() =>
        from mode in Modes
        select WithKnownBug(new TestCaseData(mode), mode, "server-shutdown");

    private static TestCaseData WithKnownBug(TestCaseData data, string mode, string scenario) =>
        s_knownServerBugs.TryGetValue((mode, scenario), out var reason) || s_knownServerBugs.TryGetValue(("*", scenario), out reason)
            ? data.Ignore(reason)
            : data;

    [TestCaseSource(nameof(Cases))]
    public async Task ScenarioPassesWithTheOfficialClient(string mode, string scenario)
    {
        NodeRunner.RequireNodeModules(NodeRunner.EndToEndScripts);
        await using var host = await TestHost.StartAsync(s_conformanceSettings).DefaultTimeout(TimeSpan.FromSeconds(40));
        var baseUrl = host.Address.GetLeftPart(UriPartial.Authority);

        var result = await NodeRunner.RunAsync(ScenariosScript, [baseUrl, mode, scenario], s_scenarioTimeout)
            .DefaultTimeout(s_scenarioTimeout + TimeSpan.FromSeconds(15));

        Assert.That(result.ExitCode, Is.Zero, $"node scenarios.mjs {baseUrl} {mode} {scenario}: {result}");
        using var report = LastJsonLine(result);
        Assert.Multiple(() =>
        {
            Assert.That(report.RootElement.GetProperty("ok").GetBoolean(), Is.True, result.ToString());
            Assert.That(report.RootElement.GetProperty("scenario").GetString(), Is.EqualTo(scenario), result.ToString());
            Assert.That(report.RootElement.GetProperty("mode").GetString(), Is.EqualTo(mode), result.ToString());
        });
    }

    /// <summary>
    /// The host stops while a client is connected: the client must see a clean "transport close" (not a
    /// transport error) and start reconnecting by itself.
    /// </summary>
    [TestCaseSource(nameof(ShutdownCases))]
    public async Task ClientSeesTransportCloseWhenTheServerShutsDown(string mode)
    {
        NodeRunner.RequireNodeModules(NodeRunner.EndToEndScripts);
        var host = await TestHost.StartAsync(s_conformanceSettings).DefaultTimeout(TimeSpan.FromSeconds(40));
        var stopped = false;
        try
        {
            var baseUrl = host.Address.GetLeftPart(UriPartial.Authority);
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var run = NodeRunner.RunAsync(
                ScenariosScript,
                [baseUrl, mode, "server-shutdown"],
                s_scenarioTimeout,
                line =>
                {
                    if (line.Contains("\"ready\":true", StringComparison.Ordinal))
                    {
                        ready.TrySetResult();
                    }
                });

            var first = await Task.WhenAny(ready.Task, run).DefaultTimeout(TimeSpan.FromSeconds(30));
            if (first == ready.Task)
            {
                stopped = true;
                await host.DisposeAsync();
            }

            var result = await run.DefaultTimeout(s_scenarioTimeout + TimeSpan.FromSeconds(15));
            Assert.That(result.ExitCode, Is.Zero, $"node scenarios.mjs {baseUrl} {mode} server-shutdown: {result}");
        }
        finally
        {
            if (!stopped)
            {
                await host.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task ScenarioListMatchesTheScript()
    {
        NodeRunner.RequireNodeModules(NodeRunner.EndToEndScripts);
        var result = await NodeRunner.RunAsync(ScenariosScript, ["--list"], TimeSpan.FromSeconds(30)).DefaultTimeout(TimeSpan.FromSeconds(40));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using var list = LastJsonLine(result);
        var names = list.RootElement.EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.That(names, Is.EquivalentTo(Scenarios), "keep Scenarios in sync with scenarios.mjs");
    }

    private static JsonDocument LastJsonLine(NodeResult result)
    {
        var line = result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(l => l.StartsWith('{') || l.StartsWith('['));
        Assert.That(line, Is.Not.Null, $"no JSON report on stdout: {result}");
        return JsonDocument.Parse(line!);
    }
}
