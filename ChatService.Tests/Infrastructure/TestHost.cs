using ChatService.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatService.Tests.Infrastructure;

/// <summary>
/// The real service on Kestrel at 127.0.0.1 with a free port (port 0), started in-process.
/// Pass configuration as <c>key=value</c> pairs (for example <c>EngineIO:PingInterval=00:00:00.300</c>).
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TemporaryDirectory? _database;

    private TestHost(WebApplication app, Uri address, TemporaryDirectory? database)
    {
        _app = app;
        Address = address;
        _database = database;
    }

    /// <summary>http://127.0.0.1:PORT (no trailing slash).</summary>
    public Uri Address { get; }

    /// <summary>The application's services.</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<TestHost> StartAsync(IEnumerable<string>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var args = new List<string> { "--urls=http://127.0.0.1:0", "--environment=Testing" };
        foreach (var setting in settings ?? [])
        {
            args.Add("--" + setting);
        }

        // Each host gets its own SQLite file unless the test brings one.
        TemporaryDirectory? database = null;
        if (!args.Any(a => a.StartsWith("--Storage:", StringComparison.Ordinal)))
        {
            database = new TemporaryDirectory();
            args.Add($"--Storage:SqlitePath={Path.Combine(database.Path, "chat.db")}");
        }

        var app = ChatServiceHost.Build([.. args], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            configure?.Invoke(builder);
        });

        await app.StartAsync().DefaultTimeout(TimeSpan.FromSeconds(30));
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        var address = new Uri(addresses.Addresses.First());
        return new TestHost(app, address, database);
    }

    /// <summary>Stops the host (clients get a close) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync().DefaultTimeout(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await _app.DisposeAsync();
            _database?.Dispose();
        }
    }
}
