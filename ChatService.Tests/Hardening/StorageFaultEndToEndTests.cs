using ChatService.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ChatService.Tests.Hardening;

/// <summary>
/// Faults end to end through the official socket.io-client: the database locked by another connection gives the
/// sender <c>storage_unavailable</c> (no disconnect, nothing stored or broadcast), and the service recovers when
/// the lock is released. Also JWT authentication as socket.io-client sees it.
/// </summary>
[Category("Node")]
[NonParallelizable]
public sealed class StorageFaultEndToEndTests
{
    private static readonly string[] Modes = ["polling", "websocket"];

    private static string Script => Path.Combine(NodeRunner.RepositoryRoot, "ChatService.Tests", "Hardening", "js", "hardening-scenarios.mjs");

    [TestCaseSource(nameof(Modes))]
    public async Task ALockedDatabaseGivesStorageUnavailableAndTheServiceRecovers(string mode)
    {
        NodeRunner.RequireNodeModules(NodeRunner.EndToEndScripts);
        using var folder = new TemporaryDirectory();
        var database = Path.Combine(folder.Path, "chat.db");
        await using var host = await TestHost.StartAsync(
            [$"Storage:SqlitePath={database}", "Storage:BusyTimeout=00:00:00.200", "Chat:RateLimit:Enabled=false"]);

        SqliteConnection? locker = null;
        void OnLine(string line)
        {
            if (line == "STAGE lock")
            {
                locker = new SqliteConnection($"Data Source={database};Default Timeout=5");
                locker.Open();
                Execute(locker, "BEGIN EXCLUSIVE;");
                Execute(locker, "INSERT INTO messages (room_id, user_id, username, text, ts_ms, kind) VALUES ('elsewhere', 'x', 'x', 'x', 0, 'user');");
                File.WriteAllText(Path.Combine(folder.Path, "lock.done"), "");
            }
            else if (line == "STAGE unlock")
            {
                Execute(locker!, "ROLLBACK;");
                locker!.Dispose();
                File.WriteAllText(Path.Combine(folder.Path, "unlock.done"), "");
            }
        }

        try
        {
            var result = await NodeRunner.RunAsync(Script, [host.Address.ToString().TrimEnd('/'), mode, "storage-fault", folder.Path], TimeSpan.FromSeconds(60), OnLine);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        }
        finally
        {
            locker?.Dispose();
        }

        Assert.That(await ChatAssert.HistoryAsync(host, "faults"), Is.EqualTo(new[] { "before", "after" }));
    }

    [TestCaseSource(nameof(Modes))]
    public async Task JwtAuthenticationAsTheOfficialClientSeesIt(string mode)
    {
        NodeRunner.RequireNodeModules(NodeRunner.EndToEndScripts);
        await using var host = await TestHost.StartAsync([$"Auth:Jwt:Key={JwtTokens.Key}", "Chat:RateLimit:Enabled=false"]);
        var token = JwtTokens.Create();
        var arg = System.Text.Json.JsonSerializer.Serialize(new[] { token, "Maria Silva" });
        var result = await NodeRunner.RunAsync(Script, [host.Address.ToString().TrimEnd('/'), mode, "jwt", arg], TimeSpan.FromSeconds(60));
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
