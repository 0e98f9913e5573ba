using ChatService.Chat;
using Microsoft.Data.Sqlite;

namespace ChatService.Storage.Sqlite;

/// <summary>The one column list and row mapping shared by every query.</summary>
internal static class SqliteRows
{
    public const string Columns = "id, room_id, user_id, username, text, ts_ms, kind, client_id";

    public static ChatMessage Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        MessageKindText.Parse(reader.GetString(6)),
        reader.IsDBNull(7) ? null : reader.GetString(7));

    public static List<ChatMessage> ReadAll(SqliteCommand command)
    {
        var messages = new List<ChatMessage>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            messages.Add(Read(reader));
        }

        return messages;
    }
}
