namespace ChatService.Storage.Redis;

internal sealed partial class RedisPresence
{
    private static partial class Log
    {
        [LoggerMessage(6101, LogLevel.Information, "Node {NodeId} wrote its {Count} presence entries to Redis", EventName = "PresenceResynchronized")]
        public static partial void Resynchronized(ILogger logger, string nodeId, int count);

        [LoggerMessage(6102, LogLevel.Warning, "Presence could not be written to Redis; it will be rewritten when Redis answers again", EventName = "PresenceWriteFailed")]
        public static partial void WriteFailed(ILogger logger, Exception exception);

        [LoggerMessage(6103, LogLevel.Information, "Presence writes to Redis resumed", EventName = "PresenceWritesResumed")]
        public static partial void WritesResumed(ILogger logger);

        [LoggerMessage(6104, LogLevel.Warning, "Node {NodeId} missed its heartbeats: its connections left presence", EventName = "NodeExpired")]
        public static partial void NodeExpired(ILogger logger, string nodeId);

        [LoggerMessage(6105, LogLevel.Information, "Node {NodeId} left the cluster", EventName = "NodeLeft")]
        public static partial void NodeLeft(ILogger logger, string nodeId);

        [LoggerMessage(6106, LogLevel.Information, "Node {NodeId} left the cluster: heartbeat and presence removed from Redis", EventName = "LeftCluster")]
        public static partial void LeftCluster(ILogger logger, string nodeId);

        [LoggerMessage(6107, LogLevel.Warning, "Ignored a malformed presence message or entry", EventName = "PresenceBadMessage")]
        public static partial void BadMessage(ILogger logger, Exception exception);
    }
}
