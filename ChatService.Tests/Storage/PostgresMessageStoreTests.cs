using ChatService.Chat;
using ChatService.Storage.Postgres;
using ChatService.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ChatService.Tests.Storage;

/// <summary>
/// The store contract on a real PostgreSQL server (one server per fixture, one fresh database per test), plus what is
/// particular to PostgreSQL: migrations recorded once when several nodes start together, ids shared by several store
/// instances (nodes), aggregation in SQL, and a clear error for an unreachable server.
/// </summary>
[Category("Postgres")]
[NonParallelizable]
public sealed class PostgresMessageStoreTests : MessageStoreContractTests
{
    private PostgresServer _server = null!;
    private string _connectionString = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await PostgresServer.StartAsync().DefaultTimeout(TimeSpan.FromSeconds(180));

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected override async Task<IMessageStore> CreateStoreAsync()
    {
        _connectionString = await _server.CreateDatabaseAsync().DefaultTimeout(TimeSpan.FromSeconds(30));
        return await OpenAsync(_connectionString);
    }

    protected override async Task<IMessageStore> ReopenStoreAsync() => await OpenAsync(_connectionString);

    private static async Task<PostgresMessageStore> OpenAsync(string connectionString)
    {
        var store = new PostgresMessageStore(connectionString, NullLogger<PostgresMessageStore>.Instance);
        await store.InitializeAsync(CancellationToken.None).DefaultTimeout(TimeSpan.FromSeconds(30));
        return store;
    }

    [Test]
    public async Task NodesStartingTogetherApplyEachMigrationOnce()
    {
        _connectionString = await _server.CreateDatabaseAsync().DefaultTimeout(TimeSpan.FromSeconds(30));
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => TrackAsync(Task.Run(async () => (IMessageStore)await OpenAsync(_connectionString))))).DefaultTimeout(TimeSpan.FromSeconds(60));

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync().DefaultTimeout();
        await using var command = new NpgsqlCommand("SELECT string_agg(version::text, ',' ORDER BY version) FROM chat_schema_migrations;", connection);
        Assert.That(await command.ExecuteScalarAsync().DefaultTimeout(), Is.EqualTo(string.Join(",", PostgresSchema.Migrations.Select(m => m.Version))));
        Assert.That(stores, Has.Length.EqualTo(4));
    }

    [Test]
    public async Task StoresOnOneDatabaseShareOneSequence()
    {
        var first = await TrackAsync(CreateStoreAsync());
        var second = await TrackAsync(ReopenStoreAsync());

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? first : second).AppendAsync(Message("general", $"m{i}"), CancellationToken.None)))).DefaultTimeout(TimeSpan.FromSeconds(60));

        Assert.That(results.Select(r => r.Id).Distinct().Count(), Is.EqualTo(40));
        var fromFirst = await first.GetAfterAsync("general", 0, 100, CancellationToken.None).DefaultTimeout();
        var fromSecond = await second.GetAfterAsync("general", 0, 100, CancellationToken.None).DefaultTimeout();
        Assert.That(fromFirst, Is.EqualTo(fromSecond));
        Assert.That(fromFirst.Select(m => m.Id), Is.EqualTo(results.Select(r => r.Id).Order()));
    }

    [Test]
    public async Task HoursAreUtcWhateverTheSessionTimeZone()
    {
        _connectionString = await _server.CreateDatabaseAsync().DefaultTimeout(TimeSpan.FromSeconds(30));
        var store = await TrackAsync(Task.Run(async () => (IMessageStore)await OpenAsync(_connectionString + ";Timezone=America/Sao_Paulo")));
        await store.AppendAsync(Message("general", "a", T0.AddMinutes(30)), CancellationToken.None).DefaultTimeout();

        var statistics = await store.GetStatisticsAsync(T0.AddHours(-1), CancellationToken.None).DefaultTimeout();

        Assert.That(statistics.MessagesByHour.Keys, Is.EqualTo(new[] { T0 }));
        Assert.That(statistics.MessagesByHour.Keys.Single().Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void AnUnreachableServerIsAStoreExceptionThatNamesTheServer()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(_server.ConnectionString()) { Port = ServerProcess.FreePort(), Timeout = 2 }.ToString();
        var store = new PostgresMessageStore(connectionString, NullLogger<PostgresMessageStore>.Instance);

        var error = Assert.ThrowsAsync<MessageStoreException>(() => store.InitializeAsync(CancellationToken.None).DefaultTimeout(TimeSpan.FromSeconds(30)));

        Assert.That(error!.Message, Does.Contain("127.0.0.1").And.Contain("opening the database"));
    }
}
