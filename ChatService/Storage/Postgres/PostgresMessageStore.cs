using ChatService.Chat;
using Npgsql;
using NpgsqlTypes;

namespace ChatService.Storage.Postgres;

/// <summary>
/// <see cref="IMessageStore"/> on PostgreSQL, shared by every node of a cluster.
/// </summary>
/// <remarks>
/// <para>Ids come from an identity column, so they are unique and growing across nodes. Each insert first takes a
/// transaction-level advisory lock (in the same statement): inserts are serialized, so ids become visible in the order
/// they were drawn, and a reader never sees id N+1 before id N is committed. That is what makes a recovery offset ("all
/// messages after N") exact on every node.</para>
/// <para>Analytics are aggregated by the server (<c>GROUP BY room_id</c>, <c>date_trunc('hour', ts, 'UTC')</c>) in one
/// repeatable-read snapshot. Connections come from Npgsql's pool (its size is the connection string's
/// <c>Maximum Pool Size</c>, 100 by default). Every failure surfaces as a <see cref="MessageStoreException"/>; message
/// text is never logged.</para>
/// </remarks>
internal sealed partial class PostgresMessageStore : IMessageStore, IAsyncDisposable
{
    private const string Columns = "id, room_id, user_id, username, text, ts, kind, client_id";

    /// <summary>The advisory lock key that serializes inserts (any constant shared by every node).</summary>
    private const long InsertLockKey = 0x43_48_41_54_5F_49_4E_53; // "CHAT_INS"

    private const string InsertSql =
        "WITH serialized AS (SELECT pg_advisory_xact_lock(" + "@lock" + ")) " +
        "INSERT INTO messages (room_id, user_id, username, text, ts, kind, client_id) " +
        "SELECT @room_id, @user_id, @username, @text, @ts, @kind, @client_id FROM serialized " +
        "ON CONFLICT (username, client_id) WHERE client_id IS NOT NULL DO NOTHING RETURNING id;";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _server;
    private readonly ILogger _logger;
    private int _initialized;

    public PostgresMessageStore(string connectionString, ILogger<PostgresMessageStore> logger)
    {
        _logger = logger;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _server = $"{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _initialized, 1) == 1)
        {
            return;
        }

        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var (applied, version) = await PostgresSchema.MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
            foreach (var step in applied)
            {
                Log.MigrationApplied(_logger, step, PostgresSchema.Migrations[step - 1].Name);
            }

            Log.StoreOpened(_logger, _server, version);
        }
        catch (Exception ex) when (PostgresErrors.IsStoreFailure(ex))
        {
            Interlocked.Exchange(ref _initialized, 0);
            throw PostgresErrors.Translate(ex, "opening the database", _server);
        }
        catch (MessageStoreException)
        {
            Interlocked.Exchange(ref _initialized, 0);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<ChatMessage> AppendAsync(NewChatMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Volatile.Read(ref _initialized) == 0)
        {
            throw new MessageStoreException($"Message store ({_server}): not initialized; call InitializeAsync at start-up.");
        }

        return RunAsync("storing a message", async connection =>
        {
            // Kept to the millisecond, like every store.
            var ts = DateTimeOffset.FromUnixTimeMilliseconds(message.Timestamp.ToUnixTimeMilliseconds());
            await using var insert = new NpgsqlCommand(InsertSql, connection);
            insert.Parameters.Add(new NpgsqlParameter<long>("lock", InsertLockKey));
            insert.Parameters.Add(new NpgsqlParameter<string>("room_id", message.RoomId));
            insert.Parameters.Add(new NpgsqlParameter<string>("user_id", message.UserId));
            insert.Parameters.Add(new NpgsqlParameter<string>("username", message.Username));
            insert.Parameters.Add(new NpgsqlParameter<string>("text", message.Text));
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("ts", NpgsqlDbType.TimestampTz) { TypedValue = ts });
            insert.Parameters.Add(new NpgsqlParameter<string>("kind", MessageKindText.ToText(message.Kind)));
            insert.Parameters.Add(new NpgsqlParameter("client_id", NpgsqlDbType.Text) { Value = (object?)message.ClientId ?? DBNull.Value });
            var id = await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (id is long newId)
            {
                return new ChatMessage(newId, message.RoomId, message.UserId, message.Username, message.Text, ts, message.Kind, message.ClientId);
            }

            // A resend with a client id already stored: the caller gets the stored message.
            return await FindAsync(connection, message.Username, message.ClientId!, cancellationToken).ConfigureAwait(false)
                ?? throw new MessageStoreException($"Message store ({_server}): the insert was skipped, but no message with that client id exists.");
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessage>> GetRecentAsync(string roomId, int limit, long? beforeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roomId);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            return Task.FromResult<IReadOnlyList<ChatMessage>>([]);
        }

        return RunAsync<IReadOnlyList<ChatMessage>>("reading history", async connection =>
        {
            await using var command = new NpgsqlCommand(
                $"SELECT {Columns} FROM messages WHERE room_id = @room_id AND id < @before ORDER BY id DESC LIMIT @limit;", connection);
            command.Parameters.Add(new NpgsqlParameter<string>("room_id", roomId));
            command.Parameters.Add(new NpgsqlParameter<long>("before", beforeId ?? long.MaxValue));
            command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
            var messages = await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
            messages.Reverse();
            return messages;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChatMessage>> GetAfterAsync(string roomId, long afterId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roomId);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            return Task.FromResult<IReadOnlyList<ChatMessage>>([]);
        }

        return RunAsync<IReadOnlyList<ChatMessage>>("reading history", async connection =>
        {
            await using var command = new NpgsqlCommand(
                $"SELECT {Columns} FROM messages WHERE room_id = @room_id AND id > @after ORDER BY id LIMIT @limit;", connection);
            command.Parameters.Add(new NpgsqlParameter<string>("room_id", roomId));
            command.Parameters.Add(new NpgsqlParameter<long>("after", afterId));
            command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
            return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ChatMessage?> FindByClientIdAsync(string username, string clientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(clientId);
        return RunAsync("looking up a client id", connection => FindAsync(connection, username, clientId, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<MessageStatistics> GetStatisticsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        RunAsync("computing statistics", async connection =>
        {
            // One snapshot: the figures agree with each other.
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            var byRoom = new Dictionary<string, long>(StringComparer.Ordinal);
            long total = 0;
            await using (var command = new NpgsqlCommand("SELECT room_id, count(*) FROM messages GROUP BY room_id;", connection, transaction))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var count = reader.GetInt64(1);
                    byRoom[reader.GetString(0)] = count;
                    total += count;
                }
            }

            var byHour = new Dictionary<DateTimeOffset, long>();
            await using (var command = new NpgsqlCommand(
                "SELECT date_trunc('hour', ts, 'UTC') AS hour, count(*) FROM messages WHERE ts >= @since GROUP BY hour;", connection, transaction))
            {
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("since", NpgsqlDbType.TimestampTz) { TypedValue = since.ToUniversalTime() });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    byHour[reader.GetFieldValue<DateTimeOffset>(0)] = reader.GetInt64(1);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new MessageStatistics(total, byRoom, byHour);
        }, cancellationToken);

    /// <summary>Closes the pool.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static async Task<ChatMessage?> FindAsync(NpgsqlConnection connection, string username, string clientId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM messages WHERE username = @username AND client_id = @client_id;", connection);
        command.Parameters.Add(new NpgsqlParameter<string>("username", username));
        command.Parameters.Add(new NpgsqlParameter<string>("client_id", clientId));
        var messages = await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        return messages.Count > 0 ? messages[0] : null;
    }

    private static async Task<List<ChatMessage>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var messages = new List<ChatMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            messages.Add(new ChatMessage(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                MessageKindText.Parse(reader.GetString(6)),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return messages;
    }

    private async Task<T> RunAsync<T>(string operation, Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresErrors.IsStoreFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            Log.OperationFailed(_logger, operation, _server, ex);
            throw PostgresErrors.Translate(ex, operation, _server);
        }
    }
}
