using System.Net.Sockets;
using System.Text;

namespace ChatService.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on 127.0.0.1 and a free port, in a temporary folder, without persistence (a restart
/// loses everything, like a crashed cache). <c>scripts/test.sh</c> installs Debian's redis-server when it is missing.
/// Stopped by PID on dispose, even when the test failed.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _executable;
    private ServerProcess? _process;

    private RedisServer(string executable, int port)
    {
        _executable = executable;
        Port = port;
    }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string (<c>Redis:Configuration</c>).</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Whether the server runs now.</summary>
    public bool IsRunning => _process is { HasExited: false };

    public static async Task<RedisServer> StartAsync()
    {
        var executable = ServerProcess.FindExecutable("redis-server", "/usr/bin/redis-server", "/usr/local/bin/redis-server")
            ?? throw new AssertionException("redis-server is not installed: run scripts/test.sh (it installs Debian's redis-server) or apt-get install redis-server.");
        var server = new RedisServer(executable, ServerProcess.FreePort());
        try
        {
            await server.StartProcessAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the server (SIGKILL: clients see the connection drop).</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>Starts it again on the same port, empty.</summary>
    public Task StartAgainAsync() => StartProcessAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Dispose();
    }

    private async Task StartProcessAsync()
    {
        _process = ServerProcess.Start(_executable,
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--dir", _directory.Path,
            "--save", "",
            "--appendonly", "no",
            "--protected-mode", "no",
            "--daemonize", "no",
        ], _directory.Path);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new AssertionException($"redis-server exited at start:{Environment.NewLine}{_process.Output}");
            }

            if (await PingAsync())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new AssertionException($"redis-server did not answer PING on port {Port}:{Environment.NewLine}{_process.Output}");
            }

            await Task.Delay(50);
        }
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port).WaitAsync(TimeSpan.FromSeconds(1));
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray()).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }
}
