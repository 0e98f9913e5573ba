namespace ChatService.Adapters.Redis;

internal sealed partial class RedisAdapter
{
    private static partial class Log
    {
        [LoggerMessage(3010, LogLevel.Debug, "Namespace {Namespace} listens to the other nodes' broadcasts", EventName = "Subscribed")]
        public static partial void Subscribed(ILogger logger, string @namespace);

        [LoggerMessage(3011, LogLevel.Warning, "Could not subscribe namespace {Namespace} to Redis; retrying", EventName = "SubscribeFailed")]
        public static partial void SubscribeFailed(ILogger logger, string @namespace, Exception exception);

        [LoggerMessage(3012, LogLevel.Warning, "Redis is unreachable: broadcasts of namespace {Namespace} reach this node's clients only until it is back", EventName = "PublishSkipped")]
        public static partial void PublishSkipped(ILogger logger, string @namespace, Exception? exception);

        [LoggerMessage(3013, LogLevel.Warning, "Ignored a malformed broadcast on namespace {Namespace}", EventName = "BadMessage")]
        public static partial void BadMessage(ILogger logger, string @namespace, Exception exception);
    }
}
