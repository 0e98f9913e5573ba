using System.Globalization;
using System.Text;
using ChatService.Chat;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ChatService.Storage.Sqlite;

/// <summary>
/// The single writer's connection and prepared statements. Appends that arrive together are written in one
/// immediate transaction (group commit): SQLite serializes writers anyway, and one commit per batch instead of one per
/// message is what lets the chat store tens of thousands of messages a second.
/// </summary>
/// <remarks>
/// Inside the transaction, consecutive messages without a client id go in multi-row <c>INSERT</c>s of up to
/// <see cref="MaxRowsPerInsert"/> rows, run on SQLite's own API (one statement execution instead of one per row, and
/// text bound as UTF-8 from one reused buffer: the ADO.NET round trip allocated about 1.2 KB per message and cost more than
/// SQLite's insert itself). They cannot conflict (the unique index covers client ids only), and the ids
/// SQLite gives the rows of one statement grow in the order of its <c>VALUES</c>. A message with a client id goes alone,
/// with <c>ON CONFLICT DO NOTHING</c>, so that a resend gets the stored original back. Batch order is kept: ids grow in
/// the order the messages were queued.
/// </remarks>
internal sealed class SqliteWriter : IDisposable
{
    /// <summary>The most rows in one <c>INSERT</c> (7 parameters each, far below SQLite's variable limit).</summary>
    private const int MaxRowsPerInsert = 32;

    private const string InsertColumns = "INSERT INTO messages (room_id, user_id, username, text, ts_ms, kind, client_id) VALUES ";

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertWithClientId;
    private readonly SqliteCommand _findExisting;
    private readonly SqliteParameter _findUsername, _findClientId;
    // Index k: the statement for k rows without client id, prepared on first use (batches come in every size).
    private readonly sqlite3_stmt?[] _inserts = new sqlite3_stmt?[MaxRowsPerInsert + 1];
    private readonly long[] _ids = new long[MaxRowsPerInsert];
    private byte[] _utf8 = new byte[1024];

    public SqliteWriter(SqliteConnection connection, int maxWalPages)
    {
        _connection = connection;
        using (var pragma = connection.CreateCommand())
        {
            // Checkpoints are the checkpointer's job; the writer's own is only the bound on the WAL's size.
            pragma.CommandText = "PRAGMA wal_autocheckpoint = " + maxWalPages.ToString(CultureInfo.InvariantCulture) + ";";
            pragma.ExecuteNonQuery();
        }

        _insertWithClientId = CreateInsertWithClientId();

        _findExisting = connection.CreateCommand();
        _findExisting.CommandText = $"SELECT {SqliteRows.Columns} FROM messages WHERE username = $username AND client_id = $client_id;";
        _findUsername = _findExisting.Parameters.Add("$username", SqliteType.Text);
        _findClientId = _findExisting.Parameters.Add("$client_id", SqliteType.Text);
        _findExisting.Prepare();
    }

    /// <summary>Writes <paramref name="batch"/> in one transaction and returns the stored messages, in order.</summary>
    public ChatMessage[] Write(IReadOnlyList<PendingAppend> batch)
    {
        var stored = new ChatMessage[batch.Count];
        using var transaction = _connection.BeginTransaction(deferred: false);
        var i = 0;
        while (i < batch.Count)
        {
            if (batch[i].Message.ClientId is not null)
            {
                stored[i] = InsertWithClientId(batch[i].Message, transaction);
                i++;
                continue;
            }

            var rows = 1;
            while (rows < MaxRowsPerInsert && i + rows < batch.Count && batch[i + rows].Message.ClientId is null)
            {
                rows++;
            }

            InsertRun(batch, i, rows, stored);
            i += rows;
        }

        transaction.Commit();
        return stored;
    }

    /// <summary>Inserts <paramref name="count"/> messages without client id, from <paramref name="start"/>, in one statement.</summary>
    private void InsertRun(IReadOnlyList<PendingAppend> batch, int start, int count, ChatMessage[] stored)
    {
        var insert = _inserts[count] ??= PrepareRaw(count);
        var ids = _ids.AsSpan(0, count);
        var read = 0;
        try
        {
            for (var row = 0; row < count; row++)
            {
                BindRaw(insert, row * 7, batch[start + row].Message);
            }

            int rc;
            while ((rc = raw.sqlite3_step(insert)) == raw.SQLITE_ROW)
            {
                if (read < count)
                {
                    ids[read] = raw.sqlite3_column_int64(insert, 0);
                }

                read++;
            }

            Check(rc, raw.SQLITE_DONE);
        }
        finally
        {
            raw.sqlite3_reset(insert);
        }

        if (read != count)
        {
            throw new InvalidOperationException($"A {count}-row insert returned {read} ids.");
        }

        // RETURNING's order is unspecified; the ids themselves grow with the VALUES order.
        ids.Sort();
        for (var row = 0; row < count; row++)
        {
            stored[start + row] = Stored(ids[row], batch[start + row].Message);
        }
    }

    /// <summary>Binds the 7 values of one row, from parameter <paramref name="offset"/> + 1.</summary>
    private void BindRaw(sqlite3_stmt insert, int offset, NewChatMessage message)
    {
        BindUtf8(insert, offset + 1, message.RoomId);
        BindUtf8(insert, offset + 2, message.UserId);
        BindUtf8(insert, offset + 3, message.Username);
        BindUtf8(insert, offset + 4, message.Text);
        Check(raw.sqlite3_bind_int64(insert, offset + 5, message.Timestamp.ToUnixTimeMilliseconds()), raw.SQLITE_OK);
        BindUtf8(insert, offset + 6, MessageKindText.ToText(message.Kind));
        Check(raw.sqlite3_bind_null(insert, offset + 7), raw.SQLITE_OK);
    }

    /// <summary>
    /// Binds text as UTF-8, the file's encoding, through one reused buffer (SQLite copies what is bound). Text bound
    /// as UTF-16 is copied as it is and converted once more, into a second allocation, when the row is built.
    /// </summary>
    private void BindUtf8(sqlite3_stmt insert, int parameter, string text)
    {
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_utf8.Length < most)
        {
            _utf8 = new byte[Math.Max(most, _utf8.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(text, _utf8);
        Check(raw.sqlite3_bind_text(insert, parameter, _utf8.AsSpan(0, length)), raw.SQLITE_OK);
    }

    /// <summary>Turns a failed call into the <see cref="SqliteException"/> Microsoft.Data.Sqlite would throw (the store translates those).</summary>
    private void Check(int rc, int expected)
    {
        if (rc != expected)
        {
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
            throw new SqliteException($"SQLite error {rc}.", rc);
        }
    }

    private sqlite3_stmt PrepareRaw(int rows)
    {
        Check(raw.sqlite3_prepare_v2(_connection.Handle, InsertSql(rows, "RETURNING id;"), out var statement), raw.SQLITE_OK);
        return statement;
    }

    private ChatMessage InsertWithClientId(NewChatMessage message, SqliteTransaction transaction)
    {
        _insertWithClientId.Transaction = transaction;
        Bind(_insertWithClientId.Parameters, 0, message);
        // A resend with a client id already stored inserts nothing (and returns no row): the caller gets the stored one.
        return _insertWithClientId.ExecuteScalar() is long id ? Stored(id, message) : FindExisting(message, transaction);
    }

    private ChatMessage FindExisting(NewChatMessage message, SqliteTransaction transaction)
    {
        _findExisting.Transaction = transaction;
        _findUsername.Value = message.Username;
        _findClientId.Value = (object?)message.ClientId ?? DBNull.Value;
        using var reader = _findExisting.ExecuteReader();
        return reader.Read()
            ? SqliteRows.Read(reader)
            : throw new InvalidOperationException("The insert was skipped, but no message with that client id exists.");
    }

    /// <summary>Sets the 7 parameters of one row, from <paramref name="offset"/>, in the order of <see cref="InsertColumns"/>.</summary>
    private static void Bind(SqliteParameterCollection parameters, int offset, NewChatMessage message)
    {
        parameters[offset].Value = message.RoomId;
        parameters[offset + 1].Value = message.UserId;
        parameters[offset + 2].Value = message.Username;
        parameters[offset + 3].Value = message.Text;
        parameters[offset + 4].Value = message.Timestamp.ToUnixTimeMilliseconds();
        parameters[offset + 5].Value = MessageKindText.ToText(message.Kind);
        parameters[offset + 6].Value = (object?)message.ClientId ?? DBNull.Value;
    }

    // The store keeps milliseconds: the returned message says what a later read will say.
    private static ChatMessage Stored(long id, NewChatMessage message) => new(
        id, message.RoomId, message.UserId, message.Username, message.Text,
        DateTimeOffset.FromUnixTimeMilliseconds(message.Timestamp.ToUnixTimeMilliseconds()), message.Kind, message.ClientId);

    /// <summary>The one-row <c>INSERT</c> for messages with a client id, as an ADO.NET command (rare: resends need a lookup).</summary>
    private SqliteCommand CreateInsertWithClientId()
    {
        var command = _connection.CreateCommand();
        command.CommandText = InsertSql(1, "ON CONFLICT DO NOTHING RETURNING id;");
        for (var column = 0; column < 7; column++)
        {
            command.Parameters.Add("$p" + column.ToString(CultureInfo.InvariantCulture), column == 4 ? SqliteType.Integer : SqliteType.Text);
        }

        command.Prepare();
        return command;
    }

    /// <summary>An <c>INSERT</c> of <paramref name="rows"/> rows with parameters <c>$p0</c>, <c>$p1</c>, … ending with <paramref name="tail"/>.</summary>
    private static string InsertSql(int rows, string tail)
    {
        var sql = new StringBuilder(InsertColumns, InsertColumns.Length + rows * 48 + tail.Length);
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < 7; column++)
            {
                sql.Append(column == 0 ? "$p" : ", $p").Append(((row * 7) + column).ToString(CultureInfo.InvariantCulture));
            }

            sql.Append(')');
        }

        return sql.Append(' ').Append(tail).ToString();
    }

    public void Dispose()
    {
        foreach (var insert in _inserts)
        {
            // Finalized before the connection closes: an open statement would keep the connection from closing.
            if (insert is not null)
            {
                raw.sqlite3_finalize(insert);
            }
        }

        _insertWithClientId.Dispose();
        _findExisting.Dispose();
        _connection.Dispose();
    }
}
