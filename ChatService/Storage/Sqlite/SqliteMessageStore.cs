using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using ChatService.Chat;
using Microsoft.Data.Sqlite;

namespace ChatService.Storage.Sqlite;

/// <summary>
/// <see cref="IMessageStore"/> on a SQLite file in WAL mode.
/// </summary>
/// <remarks>
/// Writes go through one bounded queue to one writer connection, which commits whatever has arrived together in one
/// transaction (see <see cref="SqliteWriter"/>); a caller's task completes once its message is committed. WAL checkpoints
/// run on their own thread (see <see cref="SqliteCheckpointer"/>), not inside the writer's commits. Reads open a
/// pooled connection each (WAL lets them run beside the writer). Every SQLite failure surfaces as a
/// <see cref="MessageStoreException"/>; message text is never logged.
/// </remarks>
internal sealed partial class SqliteMessageStore : IMessageStore, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly string _dataSource;
    private readonly StorageOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<PendingAppend> _queue;
    private readonly int _busyTimeoutMs;
    private readonly bool _memoryStatisticsOff;
    private Task? _writerTask;
    private SqliteCheckpointer? _checkpointer;
    private int _initialized;

    public SqliteMessageStore(string connectionString, StorageOptions options, ILogger<SqliteMessageStore> logger)
    {
        // Before any connection of the process opens (the store is the service's first user of SQLite).
        _memoryStatisticsOff = SqliteLibrary.EnsureConfigured();
        _options = options;
        _logger = logger;
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!ContainsKey(connectionString, "Default Timeout") && !ContainsKey(connectionString, "Command Timeout"))
        {
            // Microsoft.Data.Sqlite retries busy statements until this many seconds have passed (0 would mean forever).
            builder.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        }

        _connectionString = builder.ToString();
        _dataSource = builder.DataSource;
        _busyTimeoutMs = (int)Math.Clamp(options.BusyTimeout.TotalMilliseconds, 1, int.MaxValue);
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(options.WriteQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The connection string in use (tests open side connections with it).</summary>
    public string ConnectionString => _connectionString;

    /// <summary>The connection string for a file: pooled, created when missing.</summary>
    public static string ConnectionStringFor(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
    }.ToString();

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.Exchange(ref _initialized, 1) == 1)
        {
            return Task.CompletedTask;
        }

        try
        {
            CreateDirectory();
            using var connection = Open();
            using (var command = connection.CreateCommand())
            {
                // WAL is a property of the file; a read-only connection keeps whatever mode the file has.
                command.CommandText = "PRAGMA journal_mode = WAL;";
                command.ExecuteNonQuery();
            }

            var applied = SqliteSchema.Migrate(connection);
            foreach (var version in applied)
            {
                Log.MigrationApplied(_logger, version, SqliteSchema.Migrations[version - 1].Name);
            }

            Log.StoreOpened(_logger, _dataSource, SqliteSchema.ReadVersion(connection), connection.ServerVersion, _memoryStatisticsOff ? "off" : "on");
        }
        catch (Exception ex) when (SqliteErrors.IsStoreFailure(ex))
        {
            Interlocked.Exchange(ref _initialized, 0);
            throw SqliteErrors.Translate(ex, "opening the database", _dataSource);
        }

        _checkpointer = new SqliteCheckpointer(() => Open(), _options.CheckpointInterval, _logger);
        _checkpointer.Start();
        _writerTask = Task.Run(WriteLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ChatMessage> AppendAsync(NewChatMessage message, CancellationToken cancellationToken) =>
        await (await EnqueueAsync(new PendingAppend(message, cancellationToken)).ConfigureAwait(false)).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>
    /// The single writer takes appends in queue order: the place in the order is the place in the queue. The
    /// inner task completes on the writer's thread, in id order (the caller's continuation runs there up to its
    /// first await, before the next message's): the caller must not block in it.
    /// </remarks>
    public ValueTask<Task<ChatMessage>> StartAppendAsync(NewChatMessage message, CancellationToken cancellationToken) =>
        EnqueueAsync(new PendingAppend(message, cancellationToken, inlineContinuations: true));

    private async ValueTask<Task<ChatMessage>> EnqueueAsync(PendingAppend pending)
    {
        ArgumentNullException.ThrowIfNull(pending.Message);
        if (_writerTask is null)
        {
            throw new MessageStoreException($"Message store ({_dataSource}): not initialized; call InitializeAsync at start-up.");
        }

        if (!_queue.Writer.TryWrite(pending))
        {
            try
            {
                await _queue.Writer.WriteAsync(pending, pending.CancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException ex)
            {
                throw new MessageStoreException($"Message store ({_dataSource}): the store is shut down.", ex);
            }
        }

        return pending.Task;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessage>> GetRecentAsync(string roomId, int limit, long? beforeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roomId);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        cancellationToken.ThrowIfCancellationRequested();
        if (limit == 0)
        {
            return Task.FromResult<IReadOnlyList<ChatMessage>>([]);
        }

        return Task.FromResult(Read<IReadOnlyList<ChatMessage>>("reading history", command =>
        {
            command.CommandText =
                $"SELECT {SqliteRows.Columns} FROM messages WHERE room_id = $room_id AND id < $before ORDER BY id DESC LIMIT $limit;";
            command.Parameters.AddWithValue("$room_id", roomId);
            command.Parameters.AddWithValue("$before", beforeId ?? long.MaxValue);
            command.Parameters.AddWithValue("$limit", limit);
            var messages = SqliteRows.ReadAll(command);
            messages.Reverse();
            return messages;
        }));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessage>> GetAfterAsync(string roomId, long afterId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roomId);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        cancellationToken.ThrowIfCancellationRequested();
        if (limit == 0)
        {
            return Task.FromResult<IReadOnlyList<ChatMessage>>([]);
        }

        return Task.FromResult(Read<IReadOnlyList<ChatMessage>>("reading history", command =>
        {
            command.CommandText =
                $"SELECT {SqliteRows.Columns} FROM messages WHERE room_id = $room_id AND id > $after ORDER BY id LIMIT $limit;";
            command.Parameters.AddWithValue("$room_id", roomId);
            command.Parameters.AddWithValue("$after", afterId);
            command.Parameters.AddWithValue("$limit", limit);
            return SqliteRows.ReadAll(command);
        }));
    }

    /// <inheritdoc />
    public Task<ChatMessage?> FindByClientIdAsync(string username, string clientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(clientId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read("looking up a client id", command =>
        {
            command.CommandText = $"SELECT {SqliteRows.Columns} FROM messages WHERE username = $username AND client_id = $client_id;";
            command.Parameters.AddWithValue("$username", username);
            command.Parameters.AddWithValue("$client_id", clientId);
            using var reader = command.ExecuteReader();
            return reader.Read() ? SqliteRows.Read(reader) : null;
        }));
    }

    /// <inheritdoc />
    public Task<MessageStatistics> GetStatisticsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read("computing statistics", command =>
        {
            // One read transaction: the three figures come from the same snapshot.
            using var transaction = command.Connection!.BeginTransaction(deferred: true);
            command.Transaction = transaction;

            command.CommandText = "SELECT room_id, COUNT(*) FROM messages GROUP BY room_id;";
            var byRoom = new Dictionary<string, long>(StringComparer.Ordinal);
            long total = 0;
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var count = reader.GetInt64(1);
                    byRoom[reader.GetString(0)] = count;
                    total += count;
                }
            }

            command.CommandText =
                "SELECT ts_ms / 3600000 AS hour, COUNT(*) FROM messages WHERE ts_ms >= $since GROUP BY hour;";
            command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
            var byHour = new Dictionary<DateTimeOffset, long>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    byHour[DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0) * 3_600_000)] = reader.GetInt64(1);
                }
            }

            transaction.Commit();
            return new MessageStatistics(total, byRoom, byHour);
        }));
    }

    /// <summary>Stops taking appends, writes those already queued, and releases the file.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writerTask is not null)
        {
            await _writerTask.ConfigureAwait(false);
        }

        _checkpointer?.Dispose();
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingAppend>(_options.MaxWriteBatch);
        SqliteWriter? writer = null;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (batch.Count < _options.MaxWriteBatch && reader.TryRead(out var pending))
                {
                    if (pending.CancellationToken.IsCancellationRequested)
                    {
                        pending.TrySetCanceled(pending.CancellationToken);
                    }
                    else
                    {
                        batch.Add(pending);
                    }
                }

                if (batch.Count == 0)
                {
                    continue;
                }

                ChatMessage[]? stored = null;
                try
                {
                    writer ??= new SqliteWriter(Open(), _options.MaxWalPages);
                    var started = Stopwatch.GetTimestamp();
                    stored = writer.Write(batch);
                    Log.BatchWritten(_logger, batch.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    _checkpointer!.NotifyWritten();
                }
                catch (Exception ex)
                {
                    // The transaction rolled back: nothing of this batch is stored. Start over on a fresh connection.
                    Log.BatchFailed(_logger, batch.Count, _dataSource, ex);
                    var failure = SqliteErrors.Translate(ex, "storing a message", _dataSource);
                    foreach (var pending in batch)
                    {
                        pending.TrySetException(failure);
                    }

                    writer?.Dispose();
                    writer = null;
                }

                // In id order, each caller's continuation running here before the next one's: what the callers do
                // right after the store (the chat's broadcast) happens in the order the messages were stored.
                for (var i = 0; stored is not null && i < batch.Count; i++)
                {
                    batch[i].TrySetResult(stored[i]);
                }

                batch.Clear();
            }
        }
        finally
        {
            writer?.Dispose();
        }
    }

    private T Read<T>(string operation, Func<SqliteCommand, T> query)
    {
        try
        {
            using var connection = Open(reader: true);
            using var command = connection.CreateCommand();
            return query(command);
        }
        catch (Exception ex) when (SqliteErrors.IsStoreFailure(ex))
        {
            Log.ReadFailed(_logger, operation, _dataSource, ex);
            throw SqliteErrors.Translate(ex, operation, _dataSource);
        }
    }

    private SqliteConnection Open(bool reader = false)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            if (reader)
            {
                // WAL readers do not wait for the writer; a rare checkpoint wait is retried by Microsoft.Data.Sqlite
                // until the connection's Default Timeout (derived from BusyTimeout).
                return connection;
            }

            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = " + _busyTimeoutMs.ToString(CultureInfo.InvariantCulture) +
                "; PRAGMA synchronous = NORMAL;";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void CreateDirectory()
    {
        if (_dataSource.Length == 0 || _dataSource == ":memory:" || _dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(_dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    private static bool ContainsKey(string connectionString, string key) =>
        connectionString.Contains(key, StringComparison.OrdinalIgnoreCase);
}
