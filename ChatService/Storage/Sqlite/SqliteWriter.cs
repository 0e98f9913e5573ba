using System.Globalization;
using ChatService.Chat;
using Microsoft.Data.Sqlite;

namespace ChatService.Storage.Sqlite;

/// <summary>
/// The single writer's connection and prepared statements. Appends that arrive together are written in one
/// immediate transaction (group commit): SQLite serializes writers anyway, and one commit per batch instead of one per
/// message is what lets the chat store tens of thousands of messages a second.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _findExisting;
    private readonly SqliteParameter _roomId, _userId, _username, _text, _tsMs, _kind, _clientId, _findUsername, _findClientId;

    public SqliteWriter(SqliteConnection connection, int maxWalPages)
    {
        _connection = connection;
        using (var pragma = connection.CreateCommand())
        {
            // Checkpoints are the checkpointer's job; the writer's own is only the bound on the WAL's size.
            pragma.CommandText = "PRAGMA wal_autocheckpoint = " + maxWalPages.ToString(CultureInfo.InvariantCulture) + ";";
            pragma.ExecuteNonQuery();
        }

        _insert = connection.CreateCommand();
        // A resend with a client id already stored inserts nothing (and returns no row): the caller gets the stored one.
        _insert.CommandText =
            "INSERT INTO messages (room_id, user_id, username, text, ts_ms, kind, client_id) " +
            "VALUES ($room_id, $user_id, $username, $text, $ts_ms, $kind, $client_id) " +
            "ON CONFLICT DO NOTHING RETURNING id;";
        _roomId = _insert.Parameters.Add("$room_id", SqliteType.Text);
        _userId = _insert.Parameters.Add("$user_id", SqliteType.Text);
        _username = _insert.Parameters.Add("$username", SqliteType.Text);
        _text = _insert.Parameters.Add("$text", SqliteType.Text);
        _tsMs = _insert.Parameters.Add("$ts_ms", SqliteType.Integer);
        _kind = _insert.Parameters.Add("$kind", SqliteType.Text);
        _clientId = _insert.Parameters.Add("$client_id", SqliteType.Text);

        _findExisting = connection.CreateCommand();
        _findExisting.CommandText = $"SELECT {SqliteRows.Columns} FROM messages WHERE username = $username AND client_id = $client_id;";
        _findUsername = _findExisting.Parameters.Add("$username", SqliteType.Text);
        _findClientId = _findExisting.Parameters.Add("$client_id", SqliteType.Text);

        _insert.Prepare();
        _findExisting.Prepare();
    }

    /// <summary>Writes <paramref name="batch"/> in one transaction and returns the stored messages, in order.</summary>
    public ChatMessage[] Write(IReadOnlyList<PendingAppend> batch)
    {
        var stored = new ChatMessage[batch.Count];
        using var transaction = _connection.BeginTransaction(deferred: false);
        _insert.Transaction = transaction;
        _findExisting.Transaction = transaction;

        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i].Message;
            var tsMs = message.Timestamp.ToUnixTimeMilliseconds();
            _roomId.Value = message.RoomId;
            _userId.Value = message.UserId;
            _username.Value = message.Username;
            _text.Value = message.Text;
            _tsMs.Value = tsMs;
            _kind.Value = MessageKindText.ToText(message.Kind);
            _clientId.Value = (object?)message.ClientId ?? DBNull.Value;

            var id = _insert.ExecuteScalar();
            stored[i] = id is long newId
                ? new ChatMessage(newId, message.RoomId, message.UserId, message.Username, message.Text,
                    DateTimeOffset.FromUnixTimeMilliseconds(tsMs), message.Kind, message.ClientId)
                : FindExisting(message);
        }

        transaction.Commit();
        return stored;
    }

    private ChatMessage FindExisting(NewChatMessage message)
    {
        _findUsername.Value = message.Username;
        _findClientId.Value = (object?)message.ClientId ?? DBNull.Value;
        using var reader = _findExisting.ExecuteReader();
        return reader.Read()
            ? SqliteRows.Read(reader)
            : throw new InvalidOperationException("The insert was skipped, but no message with that client id exists.");
    }

    public void Dispose()
    {
        _insert.Dispose();
        _findExisting.Dispose();
        _connection.Dispose();
    }
}
