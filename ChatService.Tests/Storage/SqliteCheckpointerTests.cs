using System.Diagnostics;
using ChatService.Chat;
using ChatService.Storage;
using ChatService.Storage.Sqlite;
using ChatService.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ChatService.Tests.Storage;

/// <summary>
/// WAL checkpoints run on the checkpointer's thread, not in the writer's commits (real SQLite files). The database file
/// alone, copied without its WAL, shows what was checkpointed; the WAL file's size shows whether the WAL restarted.
/// </summary>
public sealed class SqliteCheckpointerTests
{
    // A WAL frame is a 24-byte header and a page (4 KiB by default); the WAL file has a 32-byte header.
    private const int FrameBytes = 24 + 4096;

    private SqliteTestDatabase _database = null!;

    [SetUp]
    public void CreateDatabase() => _database = new SqliteTestDatabase();

    [TearDown]
    public void DeleteDatabase() => _database.Dispose();

    [Test]
    public async Task TheCheckpointerCopiesCommittedMessagesIntoTheDatabaseFile()
    {
        var store = await _database.CreateInitializedStoreAsync(new StorageOptions { CheckpointInterval = TimeSpan.FromMilliseconds(20) });
        try
        {
            await AppendAsync(store, 300);

            var deadline = Stopwatch.StartNew();
            long inFile;
            while ((inFile = CountInDatabaseFileAlone()) < 300 && deadline.Elapsed < TaskTimeoutExtensions.Default)
            {
                await Task.Delay(20).DefaultTimeout();
            }

            Assert.That(inFile, Is.EqualTo(300), "the background checkpoint copied every committed message");
        }
        finally
        {
            await store.DisposeAsync().DefaultTimeout();
        }
    }

    [Test]
    public async Task TheWriterDoesNotCheckpointAtSqlitesDefaultThousandPages()
    {
        // No background checkpoint during the test: whatever reaches the database file was checkpointed by the writer.
        var store = await _database.CreateInitializedStoreAsync(new StorageOptions { CheckpointInterval = TimeSpan.FromHours(1) });
        try
        {
            await AppendAsync(store, 1_500); // one transaction each: well over 1,000 WAL frames

            Assert.That(WalFrames(), Is.GreaterThan(2_000), "the WAL grew past SQLite's automatic checkpoint without restarting");
            Assert.That(CountInDatabaseFileAlone(), Is.Zero, "the writer checkpointed nothing");
        }
        finally
        {
            await store.DisposeAsync().DefaultTimeout();
        }
    }

    [Test]
    public async Task MaxWalPagesBoundsTheWalWhenTheCheckpointerDoesNotRun()
    {
        var store = await _database.CreateInitializedStoreAsync(new StorageOptions { CheckpointInterval = TimeSpan.FromHours(1), MaxWalPages = 200 });
        try
        {
            await AppendAsync(store, 1_000);

            Assert.That(WalFrames(), Is.LessThan(400), "the writer checkpointed and restarted the WAL near MaxWalPages");
            Assert.That(CountInDatabaseFileAlone(), Is.GreaterThan(0));
        }
        finally
        {
            await store.DisposeAsync().DefaultTimeout();
        }
    }

    private static async Task AppendAsync(SqliteMessageStore store, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await store.AppendAsync(
                new NewChatMessage("general", "sid-ana", "ana", $"mensagem {i}", DateTimeOffset.UnixEpoch.AddSeconds(i), MessageKind.User),
                CancellationToken.None).DefaultTimeout();
        }
    }

    /// <summary>The WAL file's size in frames (the file keeps its size when the WAL restarts from its beginning).</summary>
    private long WalFrames() => (new FileInfo(_database.FilePath + "-wal").Length - 32) / FrameBytes;

    /// <summary>The messages in a copy of the database file made without its WAL: those checkpointed so far.</summary>
    private long CountInDatabaseFileAlone()
    {
        var copy = Path.Combine(_database.Directory, $"alone-{Guid.NewGuid():N}.db");
        File.Copy(_database.FilePath, copy);
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM messages;";
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            // Copied before the schema was checkpointed, or in the middle of a checkpoint's writes.
            return 0;
        }
    }
}
