namespace ChatService.Storage.Sqlite;

internal sealed partial class SqliteCheckpointer
{
    private static partial class Log
    {
        [LoggerMessage(6006, LogLevel.Trace, "Checkpoint copied {Copied} of {Frames} WAL frames ({ElapsedMs:F2} ms)", EventName = "Checkpointed")]
        public static partial void Checkpointed(ILogger logger, long copied, long frames, double elapsedMs);

        [LoggerMessage(6007, LogLevel.Warning, "Background WAL checkpoint failed; retrying at the next interval", EventName = "CheckpointFailed")]
        public static partial void CheckpointFailed(ILogger logger, Exception exception);
    }
}
