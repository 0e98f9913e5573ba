using ChatService.Tests.Infrastructure;
using ChatService.Storage;
using ChatService.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatService.Tests.Storage;

/// <summary>A temporary folder for SQLite files, deleted (with the pools that hold them) on dispose.</summary>
public sealed class SqliteTestDatabase : IDisposable
{
    public SqliteTestDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "chat-store-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        FilePath = Path.Combine(Directory, "chat.db");
    }

    public string Directory { get; }

    public string FilePath { get; }

    public string ConnectionString => SqliteMessageStore.ConnectionStringFor(FilePath);

    internal SqliteMessageStore CreateStore(StorageOptions? options = null, string? connectionString = null) =>
        new(connectionString ?? ConnectionString, options ?? new StorageOptions(), NullLogger<SqliteMessageStore>.Instance);

    internal async Task<SqliteMessageStore> CreateInitializedStoreAsync(StorageOptions? options = null, string? connectionString = null)
    {
        var store = CreateStore(options, connectionString);
        await store.InitializeAsync(CancellationToken.None).DefaultTimeout();
        return store;
    }

    /// <summary>A plain connection on the file, outside any store.</summary>
    public SqliteConnection OpenSideConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open (Windows) is left for the OS to clean.
        }
    }
}
