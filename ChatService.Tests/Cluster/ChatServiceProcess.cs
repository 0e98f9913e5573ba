using System.Text.RegularExpressions;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.Cluster;

/// <summary>
/// A ChatService node in its own process (<c>dotnet ChatService.dll</c>), so that a test can kill it outright: no
/// shutdown runs, its sockets and its Redis connection just vanish, as when a machine dies.
/// </summary>
public sealed partial class ChatServiceProcess : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private ChatServiceProcess(ServerProcess process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>http://127.0.0.1:PORT (no trailing slash).</summary>
    public Uri Address { get; }

    /// <summary>Starts a node with <paramref name="settings"/> (<c>key=value</c>) and waits until it serves <c>/health</c>.</summary>
    public static async Task<ChatServiceProcess> StartAsync(IEnumerable<string> settings)
    {
        var dll = FindServiceAssembly();
        var arguments = new List<string> { dll, "--urls=http://127.0.0.1:0", "--environment=Testing", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information" };
        arguments.AddRange(settings.Select(s => "--" + s));
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = ServerProcess.Start("dotnet", arguments, Path.GetDirectoryName(dll), new Dictionary<string, string> { ["DOTNET_NOLOGO"] = "1" });
        process.Line += line =>
        {
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        // A line printed before the handler was attached is still in the captured output.
        if (ListeningLine().Match(process.Output) is { Success: true } early)
        {
            listening.TrySetResult(new Uri(early.Groups[1].Value));
        }

        try
        {
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            (await http.GetAsync(new Uri(address, "/health")).DefaultTimeout()).EnsureSuccessStatusCode();
            return new ChatServiceProcess(process, new Uri(address.GetLeftPart(UriPartial.Authority)));
        }
        catch (Exception ex) when (ex is TimeoutException or HttpRequestException)
        {
            var output = process.Output;
            await process.DisposeAsync();
            throw new AssertionException($"the ChatService node did not start: {ex.Message}{Environment.NewLine}{output}");
        }
    }

    /// <summary>What the node printed.</summary>
    public string Output => _process.Output;

    /// <summary>Kills the node (SIGKILL).</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>ChatService.dll built beside the tests: <c>ChatService/bin/{Configuration}/{tfm}/</c>.</summary>
    private static string FindServiceAssembly()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var candidates = new[]
        {
            Path.Combine(NodeRunner.RepositoryRoot, "ChatService", "bin", configuration, framework, "ChatService.dll"),
            Path.Combine(testOutput.FullName, "ChatService.dll"),
        };
        return candidates.FirstOrDefault(c => File.Exists(c) && File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json")))
            ?? throw new AssertionException($"ChatService.dll with its runtimeconfig not found in {string.Join(" or ", candidates)}");
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
