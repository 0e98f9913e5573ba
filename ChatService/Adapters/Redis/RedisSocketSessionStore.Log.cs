namespace ChatService.Adapters.Redis;

internal sealed partial class RedisSocketSessionStore
{
    private static partial class Log
    {
        [LoggerMessage(3020, LogLevel.Warning, "Could not keep the session of socket {SocketId} in Redis; it cannot be recovered", EventName = "SessionNotSaved")]
        public static partial void SessionNotSaved(ILogger logger, string socketId, Exception? exception);

        [LoggerMessage(3021, LogLevel.Warning, "Could not read a session from Redis; the client starts a new one", EventName = "SessionNotRead")]
        public static partial void SessionNotRead(ILogger logger, Exception exception);
    }
}
