namespace ChatService.EngineIO.Transports;

internal static partial class PollingTransport
{
    private static partial class Log
    {
        [LoggerMessage(1201, LogLevel.Information, "Engine.IO session {Sid}: a second concurrent poll, closing", EventName = "DuplicatePoll")]
        public static partial void DuplicatePoll(ILogger logger, string sid);

        [LoggerMessage(1202, LogLevel.Warning, "Engine.IO session {Sid}: POST body not received within the timeout, closing", EventName = "SlowPostBody")]
        public static partial void SlowPostBody(ILogger logger, string sid);
    }
}
