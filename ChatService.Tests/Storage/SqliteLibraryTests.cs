using System.Diagnostics;
using ChatService.Tests.Cluster;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Storage;

/// <summary>
/// The process-wide SQLite settings (<c>SqliteLibrary</c>) only apply before SQLite's first connection of the process,
/// so they are checked on the service in a process of its own, as users run it: the test process itself has opened
/// SQLite connections in whatever order the tests ran.
/// </summary>
public sealed class SqliteLibraryTests
{
    [Test]
    public async Task TheServiceRunsSqliteWithoutMemoryStatistics()
    {
        using var directory = new TemporaryDirectory();
        var database = Path.Combine(directory.Path, "chat.db");
        await using var service = await ChatServiceProcess.StartAsync(
        [
            $"Storage:SqlitePath={database}",
            "Logging:LogLevel:ChatService.Storage=Information",
        ]);

        var opened = await WaitForLineAsync(service, "Message store opened");
        Assert.That(opened, Does.Contain("memory statistics off"), service.Output);

        // The store answers as before (what it stores is covered by the store's own tests, in this process).
        using var http = new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(10) };
        using var history = await http.GetAsync(new Uri("/api/chat/history/general", UriKind.Relative)).DefaultTimeout();
        Assert.That((int)history.StatusCode, Is.EqualTo(200), await history.Content.ReadAsStringAsync());
    }

    private static async Task<string> WaitForLineAsync(ChatServiceProcess service, string text)
    {
        // The console logger writes from its own queue: the line may follow the "listening" line by a moment.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TaskTimeoutExtensions.Default)
        {
            var output = service.Output;
            var at = output.IndexOf(text, StringComparison.Ordinal);
            if (at >= 0)
            {
                var end = output.IndexOf('\n', at);
                return end < 0 ? output[at..] : output[at..end];
            }

            await Task.Delay(50).DefaultTimeout();
        }

        throw new AssertionException($"no \"{text}\" in the service's output:{Environment.NewLine}{service.Output}");
    }
}
