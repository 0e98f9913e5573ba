using System.Diagnostics;
using System.Text;

namespace ChatService.Tests.Infrastructure;

/// <summary>The outcome of one <c>node</c> run.</summary>
public sealed record NodeResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut, TimeSpan Elapsed)
{
    /// <summary>Everything needed in a failure message.</summary>
    public override string ToString() =>
        $"exit code {ExitCode}{(TimedOut ? " (killed after timeout)" : "")}, {Elapsed.TotalSeconds:F1} s{Environment.NewLine}" +
        $"--- stdout ---{Environment.NewLine}{StandardOutput.TrimEnd()}{Environment.NewLine}" +
        $"--- stderr ---{Environment.NewLine}{StandardError.TrimEnd()}";
}

/// <summary>
/// Runs <c>node &lt;script&gt; args…</c> for the end-to-end tests: bounded by a timeout, output captured, and on
/// timeout the process tree it started is killed (by its PID, never by name).
/// </summary>
public static class NodeRunner
{
    private static readonly Lazy<string> s_repositoryRoot = new(FindRepositoryRoot);

    /// <summary>The folder holding <c>ChatService.sln</c>, found by walking up from the test assembly.</summary>
    public static string RepositoryRoot => s_repositoryRoot.Value;

    /// <summary><c>ChatService.Tests/EndToEnd/js</c> in the repository (scripts are used in place, not copied).</summary>
    public static string EndToEndScripts => Path.Combine(RepositoryRoot, "ChatService.Tests", "EndToEnd", "js");

    /// <summary>The node executable: <c>$NODE</c> when set, otherwise <c>node</c> from the PATH.</summary>
    public static string NodeExecutable => Environment.GetEnvironmentVariable("NODE") is { Length: > 0 } node ? node : "node";

    /// <summary>
    /// Fails the test with a clear message when the npm packages of <paramref name="scriptsDirectory"/> are not
    /// installed (<c>scripts/test.sh</c> runs <c>npm ci</c>).
    /// </summary>
    public static void RequireNodeModules(string scriptsDirectory)
    {
        if (!Directory.Exists(Path.Combine(scriptsDirectory, "node_modules")))
        {
            Assert.Fail($"npm packages missing: run `npm ci` in {scriptsDirectory} (scripts/test.sh does it).");
        }
    }

    /// <summary>
    /// Runs <c>node script args…</c> in the script's folder and returns when it exits or after <paramref name="timeout"/>.
    /// <paramref name="onOutputLine"/>, when given, sees each stdout line as it arrives (on a thread-pool thread).
    /// </summary>
    public static async Task<NodeResult> RunAsync(
        string script,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        Action<string>? onOutputLine = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(NodeExecutable)
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(script))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // socket.io's debug output would only blur the report; keep the environment predictable.
        startInfo.Environment.Remove("DEBUG");
        startInfo.Environment["NODE_OPTIONS"] = "";

        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = startInfo };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            Append(stdout, e.Data);
            if (e.Data is not null)
            {
                onOutputLine?.Invoke(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);

        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {NodeExecutable}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            Kill(process);
            // Bounded: after a kill the process ends promptly; the output pipes close with it.
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        // WaitForExitAsync returns once the output pipes are drained (all data events raised).
        return new NodeResult(process.ExitCode, Snapshot(stdout), Snapshot(stderr), timedOut, stopwatch.Elapsed);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ChatService.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"ChatService.sln not found above {AppContext.BaseDirectory}");
    }
}
