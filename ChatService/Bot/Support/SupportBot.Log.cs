namespace ChatService.Bot.Support;

internal sealed partial class SupportBot
{
    private static partial class Log
    {
        [LoggerMessage(5201, LogLevel.Debug, "Bot answered message {MessageId} with {ReplyId}", EventName = "Replied")]
        public static partial void Replied(ILogger logger, long messageId, long replyId);

        [LoggerMessage(5202, LogLevel.Error, "Bot could not answer message {MessageId}", EventName = "ReplyFailed")]
        public static partial void ReplyFailed(ILogger logger, long messageId, Exception exception);
    }
}
