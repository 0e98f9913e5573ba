using System.Globalization;
using Npgsql;

namespace ChatService.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server on 127.0.0.1 and a free port: a fresh cluster made by <c>initdb</c> in a temporary folder
/// (trust authentication, fsync off), run by <c>postgres</c> in the foreground. Debian's binaries live under
/// <c>/usr/lib/postgresql/VERSION/bin</c>; <c>scripts/test.sh</c> installs the <c>postgresql</c> package when missing.
/// PostgreSQL refuses to run as root, so as root the fixture runs it as the <c>postgres</c> user (<c>runuser</c>).
/// Stopped by PID on dispose, even when the test failed.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory;
    private ServerProcess? _process;
    private int _databases;

    private PostgresServer(TemporaryDirectory directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    /// <summary>The port.</summary>
    public int Port { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinDirectory()
            ?? throw new AssertionException("PostgreSQL is not installed: run scripts/test.sh (it installs Debian's postgresql) or apt-get install postgresql.");
        var directory = new TemporaryDirectory();
        var server = new PostgresServer(directory, ServerProcess.FreePort());
        try
        {
            var data = Path.Combine(directory.Path, "data");
            var asRoot = !OperatingSystem.IsWindows() && Environment.UserName == "root";
            if (asRoot && !OperatingSystem.IsWindows())
            {
                // The postgres user must be able to create the data folder and its socket here.
                File.SetUnixFileMode(directory.Path, (UnixFileMode)0b111_111_111);
            }

            var (initdb, initdbArgs) = Command(asRoot, Path.Combine(bin, "initdb"),
                ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
            await ServerProcess.RunToEndAsync(initdb, initdbArgs, TimeSpan.FromSeconds(120));

            var (postgres, postgresArgs) = Command(asRoot, Path.Combine(bin, "postgres"),
            [
                "-D", data,
                "-p", server.Port.ToString(CultureInfo.InvariantCulture),
                "-k", directory.Path,
                "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off",
                "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off",
                "-c", "max_connections=300",
                "-c", "shared_buffers=32MB",
            ]);
            server._process = ServerProcess.Start(postgres, postgresArgs, directory.Path);
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The connection string of <paramref name="database"/> (user postgres, no password).</summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Timeout = 10,
        CommandTimeout = 30,
    }.ToString();

    /// <summary>Creates an empty database with a fresh name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "chat_" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
        await command.ExecuteNonQueryAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _directory.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new AssertionException($"postgres exited at start:{Environment.NewLine}{_process.Output}");
            }

            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
                await connection.OpenAsync().WaitAsync(TimeSpan.FromSeconds(5));
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new AssertionException($"postgres did not accept connections on port {Port}: {ex.Message}{Environment.NewLine}{_process.Output}");
                }
            }

            await Task.Delay(100);
        }
    }

    private static (string FileName, string[] Arguments) Command(bool asRoot, string executable, string[] arguments) =>
        asRoot ? ("runuser", ["-u", "postgres", "--", executable, .. arguments]) : (executable, arguments);

    private static string? FindBinDirectory()
    {
        if (ServerProcess.FindExecutable("initdb") is { } initdb && File.Exists(Path.Combine(Path.GetDirectoryName(ResolveLink(initdb))!, "postgres")))
        {
            return Path.GetDirectoryName(ResolveLink(initdb));
        }

        const string Debian = "/usr/lib/postgresql";
        if (!Directory.Exists(Debian))
        {
            return null;
        }

        return Directory.GetDirectories(Debian)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "postgres")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static string ResolveLink(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
}
