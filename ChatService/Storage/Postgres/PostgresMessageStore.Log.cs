namespace ChatService.Storage.Postgres;

internal sealed partial class PostgresMessageStore
{
    private static partial class Log
    {
        [LoggerMessage(6201, LogLevel.Information, "Message store opened: PostgreSQL {Server} (schema version {SchemaVersion})", EventName = "PostgresStoreOpened")]
        public static partial void StoreOpened(ILogger logger, string server, int schemaVersion);

        [LoggerMessage(6202, LogLevel.Information, "Applied PostgreSQL schema migration {Version} ({Migration})", EventName = "PostgresMigrationApplied")]
        public static partial void MigrationApplied(ILogger logger, int version, string migration);

        [LoggerMessage(6203, LogLevel.Error, "Message store operation failed ({Operation}) on PostgreSQL {Server}", EventName = "PostgresOperationFailed")]
        public static partial void OperationFailed(ILogger logger, string operation, string server, Exception exception);
    }
}
