using ChatService.Chat;
using Microsoft.Data.Sqlite;

namespace ChatService.Storage.Sqlite;

/// <summary>Turns SQLite failures into <see cref="MessageStoreException"/> with a message an operator can act on.</summary>
internal static class SqliteErrors
{
    // Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IOError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADatabase = 26;

    /// <summary>Whether <paramref name="exception"/> is one the store translates.</summary>
    public static bool IsStoreFailure(Exception exception) =>
        exception is SqliteException or IOException or UnauthorizedAccessException;

    /// <summary>The exception to throw for <paramref name="exception"/> during <paramref name="operation"/>.</summary>
    public static MessageStoreException Translate(Exception exception, string operation, string dataSource)
    {
        var reason = exception switch
        {
            SqliteException sqlite => (sqlite.SqliteErrorCode & 0xFF) switch
            {
                Busy or Locked => "the database is locked by another connection or process and stayed locked past the busy timeout",
                ReadOnly => "the database is read-only (check the file's permissions and the connection string's Mode)",
                Full => "the disk is full",
                IOError => "a disk I/O error occurred",
                CantOpen => "the database file cannot be opened (check the path and permissions)",
                Corrupt or NotADatabase => "the database file is damaged or is not a SQLite database",
                _ => "SQLite error " + sqlite.SqliteErrorCode + ": " + sqlite.Message,
            },
            _ => exception.Message,
        };

        return new MessageStoreException($"Message store ({dataSource}): {operation} failed: {reason}.", exception);
    }
}
