using System.Text.Json;
using ChatService.SocketIO;
using ChatService.SocketIO.Recovery;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ChatService.Storage.Sqlite;

/// <summary>
/// Disconnected sessions in the SQLite file, so that a client recovers its session (and the messages it
/// missed) even across a restart of the service. The table comes with the store's migrations.
/// </summary>
internal sealed class SqliteSocketSessionStore : ISocketSessionStore
{
    private readonly SqliteMessageStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;

    public SqliteSocketSessionStore(SqliteMessageStore store, IOptions<SocketIOOptions> options, TimeProvider time)
    {
        _store = store;
        _time = time;
        _window = options.Value.ConnectionStateRecovery.MaxDisconnectionDuration;
    }

    public ValueTask SaveAsync(SocketSessionState state, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT OR REPLACE INTO recovery_sessions (pid, socket_id, namespace, rooms, data, disconnected_at_ms) " +
            "VALUES ($pid, $socket_id, $namespace, $rooms, $data, $at);" +
            "DELETE FROM recovery_sessions WHERE disconnected_at_ms < $expired;";
        command.Parameters.AddWithValue("$pid", state.Pid);
        command.Parameters.AddWithValue("$socket_id", state.SocketId);
        command.Parameters.AddWithValue("$namespace", state.Namespace);
        command.Parameters.AddWithValue("$rooms", JsonSerializer.Serialize([.. state.Rooms], SocketIOJsonContext.Default.StringArray));
        command.Parameters.AddWithValue("$data", state.Data.IsEmpty ? DBNull.Value : state.Data.ToArray());
        command.Parameters.AddWithValue("$at", state.DisconnectedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$expired", (_time.GetUtcNow() - _window).ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        return ValueTask.CompletedTask;
    }

    public ValueTask<SocketSessionState?> TakeAsync(string pid, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "DELETE FROM recovery_sessions WHERE pid = $pid RETURNING socket_id, namespace, rooms, data, disconnected_at_ms;";
        command.Parameters.AddWithValue("$pid", pid);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return ValueTask.FromResult<SocketSessionState?>(null);
        }

        var disconnectedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4));
        if (disconnectedAt < notBefore)
        {
            return ValueTask.FromResult<SocketSessionState?>(null);
        }

        var rooms = JsonSerializer.Deserialize(reader.GetString(2), SocketIOJsonContext.Default.StringArray) ?? [];
        var data = reader.IsDBNull(3) ? ReadOnlyMemory<byte>.Empty : (byte[])reader[3];
        return ValueTask.FromResult<SocketSessionState?>(new SocketSessionState(pid, reader.GetString(0), reader.GetString(1), rooms, data, disconnectedAt));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_store.ConnectionString);
        connection.Open();
        return connection;
    }
}
