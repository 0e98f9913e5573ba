using ChatService.Tests.Infrastructure;
using ChatService.Chat;
using ChatService.Storage;
using ChatService.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace ChatService.Tests.Storage;

/// <summary>The store contract on a SQLite file, plus what is particular to SQLite (WAL, migrations, locks, read-only files).</summary>
public sealed class SqliteMessageStoreTests : MessageStoreContractTests
{
    private SqliteTestDatabase _database = null!;

    [SetUp]
    public void CreateDatabase() => _database = new SqliteTestDatabase();

    protected override Task AfterStoresDisposedAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    protected override async Task<IMessageStore> CreateStoreAsync() => await _database.CreateInitializedStoreAsync();

    protected override async Task<IMessageStore> ReopenStoreAsync() => await _database.CreateInitializedStoreAsync();

    [Test]
    public async Task InitializeCreatesTheSchemaInWalMode()
    {
        await TrackAsync(CreateStoreAsync());

        using var connection = _database.OpenSideConnection();
        Assert.That(Scalar(connection, "PRAGMA journal_mode;"), Is.EqualTo("wal"));
        Assert.That(Scalar(connection, "PRAGMA user_version;"), Is.EqualTo(SqliteSchema.LatestVersion));
        var indexes = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' AND name NOT LIKE 'sqlite_%' ORDER BY name;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                indexes.Add(reader.GetString(0));
            }
        }

        Assert.That(indexes, Is.EqualTo(new[] { "ix_messages_room_id_id", "ix_messages_ts_ms", "ux_messages_username_client_id" }));
    }

    [Test]
    public async Task InitializingAgainOrReopeningAppliesNoMigrationTwice()
    {
        var store = await _database.CreateInitializedStoreAsync();
        await store.InitializeAsync(CancellationToken.None).DefaultTimeout();
        await store.AppendAsync(Message("general", "oi"), CancellationToken.None).DefaultTimeout();
        await store.DisposeAsync();

        var again = await TrackAsync(ReopenStoreAsync());

        Assert.That((await again.GetStatisticsAsync(T0, CancellationToken.None).DefaultTimeout()).TotalMessages, Is.EqualTo(1));
        using var connection = _database.OpenSideConnection();
        Assert.That(Scalar(connection, "PRAGMA user_version;"), Is.EqualTo(SqliteSchema.LatestVersion));
    }

    [Test]
    public void MigrationsAreNumberedFromOne()
    {
        Assert.That(SqliteSchema.Migrations.Select(m => m.Version), Is.EqualTo(Enumerable.Range(1, SqliteSchema.Migrations.Count)));
        Assert.That(SqliteSchema.Migrations[0].Sql, Does.Contain("CREATE TABLE messages"));
    }

    [Test]
    public void ASchemaNewerThanTheBuildIsRefused()
    {
        using (var connection = _database.OpenSideConnection())
        {
            Execute(connection, "PRAGMA user_version = 999;");
        }

        var store = _database.CreateStore();
        var error = Assert.ThrowsAsync<MessageStoreException>(() => store.InitializeAsync(CancellationToken.None).DefaultTimeout());
        Assert.That(error!.Message, Does.Contain("999"));
    }

    [Test]
    public async Task AFileThatIsNotADatabaseFailsWithAStoreException()
    {
        await File.WriteAllTextAsync(_database.FilePath, "this is not a SQLite database, just text that is long enough to have a header").DefaultTimeout();
        var store = _database.CreateStore();

        var error = Assert.ThrowsAsync<MessageStoreException>(() => store.InitializeAsync(CancellationToken.None).DefaultTimeout());
        Assert.That(error!.Message, Does.Contain("not a SQLite database"));
    }

    [Test]
    public void AppendBeforeInitializeFailsWithAStoreException()
    {
        var store = _database.CreateStore();
        Assert.ThrowsAsync<MessageStoreException>(() => store.AppendAsync(Message("general", "oi"), CancellationToken.None).DefaultTimeout());
    }

    [Test]
    public async Task ALockedDatabaseFailsTheAppendWithAStoreExceptionAndTheStoreRecovers()
    {
        var store = await _database.CreateInitializedStoreAsync(new StorageOptions { BusyTimeout = TimeSpan.FromMilliseconds(100) });
        await TrackAsync(Task.FromResult<IMessageStore>(store));
        var before = await store.AppendAsync(Message("general", "before"), CancellationToken.None).DefaultTimeout();

        using (var locker = _database.OpenSideConnection())
        {
            Execute(locker, "BEGIN EXCLUSIVE;");
            Execute(locker, "INSERT INTO messages (room_id, user_id, username, text, ts_ms, kind) VALUES ('general', 'x', 'x', 'x', 0, 'user');");

            var error = Assert.ThrowsAsync<MessageStoreException>(() =>
                store.AppendAsync(Message("general", "while locked"), CancellationToken.None).DefaultTimeout());
            Assert.That(error!.Message, Does.Contain("locked"));
            Assert.That(error.InnerException, Is.InstanceOf<SqliteException>());

            Execute(locker, "ROLLBACK;");
        }

        var after = await store.AppendAsync(Message("general", "after"), CancellationToken.None).DefaultTimeout();
        var recent = await store.GetRecentAsync("general", 10, null, CancellationToken.None).DefaultTimeout();
        Assert.That(recent, Is.EqualTo(new[] { before, after }), "the failed append stored nothing");
    }

    [Test]
    public async Task AReadOnlyDatabaseFailsAppendsWithAStoreExceptionButServesReads()
    {
        var writable = await _database.CreateInitializedStoreAsync();
        var stored = await writable.AppendAsync(Message("general", "oi"), CancellationToken.None).DefaultTimeout();
        await writable.DisposeAsync();

        var readOnly = new SqliteConnectionStringBuilder(_database.ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString();
        var store = await _database.CreateInitializedStoreAsync(connectionString: readOnly);
        await TrackAsync(Task.FromResult<IMessageStore>(store));

        var error = Assert.ThrowsAsync<MessageStoreException>(() =>
            store.AppendAsync(Message("general", "nope"), CancellationToken.None).DefaultTimeout());
        Assert.That(error!.Message, Does.Contain("read-only"));
        Assert.That(await store.GetRecentAsync("general", 10, null, CancellationToken.None).DefaultTimeout(), Is.EqualTo(new[] { stored }));
    }

    [Test]
    public async Task DisposeWritesTheMessagesAlreadyQueued()
    {
        var store = await _database.CreateInitializedStoreAsync();
        var appends = Enumerable.Range(0, 500).Select(i => store.AppendAsync(Message("general", $"m{i}"), CancellationToken.None)).ToList();
        await store.DisposeAsync().DefaultTimeout();
        await Task.WhenAll(appends).DefaultTimeout();

        Assert.ThrowsAsync<MessageStoreException>(() => store.AppendAsync(Message("general", "late"), CancellationToken.None).DefaultTimeout());
        var reopened = await TrackAsync(ReopenStoreAsync());
        Assert.That((await reopened.GetStatisticsAsync(T0, CancellationToken.None).DefaultTimeout()).TotalMessages, Is.EqualTo(500));
    }

    [Test]
    public async Task ABatchMixingPlainMessagesAndClientIdsKeepsQueueOrderAndIdempotency()
    {
        var store = await TrackAsync(CreateStoreAsync());
        var original = await store.AppendAsync(Message("general", "original", clientId: "dup"), CancellationToken.None).DefaultTimeout();

        // Queued without awaiting, so that the writer takes them in few batches: runs of plain messages longer than one
        // multi-row insert, split by messages with client ids (new ones, and a resend of one stored before).
        var appends = new List<Task<ChatMessage>>();
        for (var i = 0; i < 300; i++)
        {
            var clientId = i % 45 == 44 ? $"c{i}" : i == 100 ? "dup" : null;
            appends.Add(store.AppendAsync(Message(i % 2 == 0 ? "general" : "offers", $"m{i}", T0.AddMilliseconds(i), clientId: clientId), CancellationToken.None));
        }

        var stored = await Task.WhenAll(appends).DefaultTimeout();

        Assert.That(stored[100], Is.EqualTo(original), "the resend got the stored original");
        var fresh = stored.Where((_, i) => i != 100).ToList();
        Assert.That(fresh.Select(m => m.Id), Is.Ordered.Ascending.And.Unique, "ids grow in the order the messages were queued");
        Assert.That(fresh.Select(m => m.Text), Is.EqualTo(Enumerable.Range(0, 300).Where(i => i != 100).Select(i => $"m{i}")));
        var general = await store.GetAfterAsync("general", 0, 500, CancellationToken.None).DefaultTimeout();
        Assert.That(general, Is.EqualTo(new[] { original }.Concat(fresh.Where(m => m.RoomId == "general"))), "what a read returns is what the append returned");
        Assert.That(stored[44].ClientId, Is.EqualTo("c44"));
    }

    [Test]
    public async Task AMissingFolderIsCreated()
    {
        var path = Path.Combine(_database.Directory, "nested", "deeper", "chat.db");
        var store = await _database.CreateInitializedStoreAsync(connectionString: SqliteMessageStore.ConnectionStringFor(path));
        await TrackAsync(Task.FromResult<IMessageStore>(store));
        await store.AppendAsync(Message("general", "oi"), CancellationToken.None).DefaultTimeout();
        Assert.That(File.Exists(path));
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is long number ? (int)number : value;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
