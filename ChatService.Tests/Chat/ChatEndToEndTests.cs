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
}
