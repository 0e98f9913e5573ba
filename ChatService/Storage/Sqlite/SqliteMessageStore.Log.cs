namespace ChatService.Storage.Sqlite;

internal sealed partial class SqliteMessageStore
{
    private static partial class Log
    {
        [LoggerMessage(6001, LogLevel.Information, "Message store opened: {DataSource} (schema version {SchemaVersion}, SQLite {SqliteVersion}, memory statistics {MemoryStatistics})", EventName = "StoreOpened")]
        public static partial void StoreOpened(ILogger logger, string dataSource, int schemaVersion, string sqliteVersion, string memoryStatistics);

        [LoggerMessage(6002, LogLevel.Information, "Applied schema migration {Version} ({Migration})", EventName = "MigrationApplied")]
        public static partial void MigrationApplied(ILogger logger, int version, string migration);

        [LoggerMessage(6003, LogLevel.Trace, "Stored {Count} messages in one transaction ({ElapsedMs:F2} ms)", EventName = "BatchWritten")]
        public static partial void BatchWritten(ILogger logger, int count, double elapsedMs);

        [LoggerMessage(6004, LogLevel.Error, "Could not store {Count} messages in {DataSource}", EventName = "BatchFailed")]
        public static partial void BatchFailed(ILogger logger, int count, string dataSource, Exception exception);

        [LoggerMessage(6005, LogLevel.Error, "Message store read failed ({Operation}) in {DataSource}", EventName = "ReadFailed")]
        public static partial void ReadFailed(ILogger logger, string operation, string dataSource, Exception exception);
    }
}
