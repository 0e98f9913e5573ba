using ChatService.Chat;
using ChatService.Storage;
using ChatService.Storage.Sqlite;
using ChatService.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatService.Tests.Storage;

public sealed class StorageServiceCollectionExtensionsTests
{
    private SqliteTestDatabase _database = null!;

    [SetUp]
    public void SetUp() => _database = new SqliteTestDatabase();

    [TearDown]
    public void TearDown() => _database.Dispose();

    private IHost BuildHost(params string[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = _database.Directory,
            EnvironmentName = "Testing",
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => s.Split('=', 2)).Select(p => new KeyValuePair<string, string?>(p[0], p[1])));
        builder.Logging.ClearProviders();
        builder.Services.AddStorage();
        return builder.Build();
    }

    [Test]
    public async Task TheDefaultIsSqliteInChatDbUnderTheContentRootInitializedAtStart()
    {
        using var host = BuildHost();
        await host.StartAsync().DefaultTimeout();

        var store = host.Services.GetRequiredService<IMessageStore>();
        Assert.That(store, Is.InstanceOf<SqliteMessageStore>());
        var stored = await store.AppendAsync(new NewChatMessage("general", "s1", "ana", "oi", DateTimeOffset.UtcNow, MessageKind.User), CancellationToken.None).DefaultTimeout();
        Assert.That(stored.Id, Is.EqualTo(1));
        Assert.That(File.Exists(Path.Combine(_database.Directory, "chat.db")));
        await host.StopAsync().DefaultTimeout();
    }

    [Test]
    public async Task ARelativeSqlitePathIsUnderTheContentRoot()
    {
        using var host = BuildHost("Storage:SqlitePath=data/history.db");
        await host.StartAsync().DefaultTimeout();

        Assert.That(File.Exists(Path.Combine(_database.Directory, "data", "history.db")));
        await host.StopAsync().DefaultTimeout();
    }

    [Test]
    public async Task AConnectionStringWinsOverThePath()
    {
        var file = Path.Combine(_database.Directory, "custom.db");
        using var host = BuildHost($"Storage:ConnectionString=Data Source={file}", "Storage:SqlitePath=ignored.db");
        await host.StartAsync().DefaultTimeout();

        Assert.That(File.Exists(file));
        Assert.That(File.Exists(Path.Combine(_database.Directory, "ignored.db")), Is.False);
        await host.StopAsync().DefaultTimeout();
    }

    [Test]
    public void PostgresWithoutAConnectionStringIsRefusedAtStart()
    {
        using var host = BuildHost("Storage:Provider=Postgres");
        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().DefaultTimeout());
        Assert.That(error!.Message, Does.Contain("Storage:ConnectionString"));
    }

    [Test]
    public void AnUnusableDatabaseStopsTheStartWithAStoreException()
    {
        File.WriteAllText(Path.Combine(_database.Directory, "chat.db"), "not a database, only some text to fill the header up");
        using var host = BuildHost();
        Assert.ThrowsAsync<MessageStoreException>(() => host.StartAsync().DefaultTimeout());
    }
}
