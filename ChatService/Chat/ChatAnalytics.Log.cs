namespace ChatService.Chat;

internal sealed partial class ChatAnalytics
{
    private static partial class Log
    {
        [LoggerMessage(4901, LogLevel.Warning, "Unknown time zone '{TimeZone}' in Chat:TimeZone; hourly activity is labelled in UTC", EventName = "UnknownTimeZone")]
        public static partial void UnknownTimeZone(ILogger logger, string timeZone, Exception exception);
    }
}
