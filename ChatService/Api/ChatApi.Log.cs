namespace ChatService.Api;

public static partial class ChatApi
{
    private static partial class Log
    {
        [LoggerMessage(7001, LogLevel.Error, "The {Route} request failed: the message store is unavailable", EventName = "StoreUnavailable")]
        public static partial void StoreUnavailable(ILogger logger, string route, Exception exception);
    }
}
