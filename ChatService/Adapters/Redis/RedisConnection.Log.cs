namespace ChatService.Adapters.Redis;

internal sealed partial class RedisConnection
{
    private static partial class Log
    {
        [LoggerMessage(3001, LogLevel.Information, "Connected to Redis {Endpoints} as node {NodeId}", EventName = "Connected")]
        public static partial void Connected(ILogger logger, string endpoints, string nodeId);

        [LoggerMessage(3002, LogLevel.Warning, "Redis {Endpoints} is unreachable; node {NodeId} serves its own clients and keeps retrying", EventName = "NotYetConnected")]
        public static partial void NotYetConnected(ILogger logger, string endpoints, string nodeId);

        [LoggerMessage(3003, LogLevel.Warning, "Lost the connection to Redis {Endpoints} ({FailureType}); local delivery goes on, reconnecting", EventName = "ConnectionLost")]
        public static partial void ConnectionLost(ILogger logger, string endpoints, string failureType, Exception? exception);

        [LoggerMessage(3004, LogLevel.Information, "Reconnected to Redis {Endpoints}; cross-node delivery resumes", EventName = "ConnectionRestored")]
        public static partial void ConnectionRestored(ILogger logger, string endpoints);

        [LoggerMessage(3005, LogLevel.Debug, "Closing the Redis connection failed", EventName = "CloseFailed")]
        public static partial void CloseFailed(ILogger logger, Exception exception);
    }
}
