using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Chat;

/// <summary>
/// The chat contract (SPEC §2 and §4) through the official socket.io-client, in the three transport modes:
/// every event and field, validation and sanitization, rate limits, and the REST routes the scenarios read.
/// Each case runs one scenario of <c>EndToEnd/js/chat/chat-scenarios.mjs</c> against a fresh host with its
/// own SQLite file.
/// </summary>
[Category("Node")]
[NonParallelizable]
public sealed class ChatEndToEndTests
{
    private static readonly string[] Modes = ["polling", "websocket", "upgrade"];

    private static readonly string[] Scenarios =
    [
        "connected",
        "join-and-message",
        "typing",
        "switch-room",
        "leave-and-disconnect",
        "validation",
        "rate-limit",
        "rest-routes",
        "bot-reply",
        "handoff",
        "handoff-timeout",
        "handoff-after-failures",
        "agent-wrong-token",
        "recovery-cut",
        "idempotent-send",
        "pipelined-sends",
    ];

    private static string Script => Path.Combine(NodeRunner.EndToEndScripts, "chat", "chat-scenarios.mjs");

    public static IEnumerable<TestCaseData> Cases() =>
        from mode in Modes
        from scenario in Scenarios
        select new TestCaseData(mode, scenario).SetName($"Chat_{scenario}_{mode}");

    [TestCaseSource(nameof(Cases))]
    public async Task ScenarioPasses(string mode, string scenario)
    {
        NodeRunner.RequireNodeModules(NodeRunner.EndToEndScripts);
        using var database = new TemporaryDirectory();
        var settings = new List<string>
        {
            $"Storage:SqlitePath={Path.Combine(database.Path, "chat.db")}",
            "Support:AgentToken=agent-secret",
            "Bot:ReplyDelay=00:00:00.300",
            "Bot:HandoffTimeout=00:00:02",
        };
        if (scenario == "rate-limit")
        {
            // One message token per 1000 s: the burst of 10 is exact, whatever the timing.
            settings.Add("Chat:RateLimit:MessagesPerSecond=0.001");
        }
        else
        {
            settings.Add("Chat:RateLimit:Enabled=false");
        }

        await using var host = await TestHost.StartAsync(settings);
        var result = await NodeRunner.RunAsync(Script, [host.Address.ToString().TrimEnd('/'), mode, scenario], TimeSpan.FromSeconds(45));
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
    }

    /// <summary>
    /// A client cut off while others talk, then the server restarts on the same database and port: the client
    /// reconnects by itself, recovers its session from the SQLite file and receives every missed message once,
    /// in order.
    /// </summary>
    [TestCaseSource(nameof(Modes))]
    public async Task RecoveryWorksAcrossAServerRestart(string mode)
    {
        NodeRunner.RequireNodeModules(NodeRunner.EndToEndScripts);
        using var database = new TemporaryDirectory();
        var port = FreePort();
        string[] settings =
        [
            $"urls=http://127.0.0.1:{port}",
            $"Storage:SqlitePath={Path.Combine(database.Path, "chat.db")}",
            "Chat:RateLimit:Enabled=false",
        ];

        var host = await TestHost.StartAsync(settings);
        try
        {
            using var node = StartNode(host.Address.ToString().TrimEnd('/'), mode, "recovery-restart", out var output, out var restartRequested);
            await restartRequested.Task.DefaultTimeout(TimeSpan.FromSeconds(30));
            await host.DisposeAsync();
            host = await TestHost.StartAsync(settings);
            var exited = await Task.Run(() => node.WaitForExit(45_000)).DefaultTimeout(TimeSpan.FromSeconds(50));
            if (!exited)
            {
                node.Kill(entireProcessTree: true);
            }

            node.WaitForExit();
            Assert.That(exited && node.ExitCode == 0, Is.True, output.ToString());
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static Process StartNode(string baseUrl, string mode, string scenario, out System.Text.StringBuilder output, out TaskCompletionSource restartRequested)
    {
        var info = new ProcessStartInfo(NodeRunner.NodeExecutable)
        {
            WorkingDirectory = Path.GetDirectoryName(Script)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(baseUrl);
        info.ArgumentList.Add(mode);
        info.ArgumentList.Add(scenario);
        var log = new System.Text.StringBuilder();
        var restart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (e.Data == "RESTART")
            {
                restart.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = log;
        restartRequested = restart;
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
