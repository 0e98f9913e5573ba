namespace ChatService.Bot.Support;

internal sealed partial class HandoffCoordinator
{
    private static partial class Log
    {
        [LoggerMessage(5101, LogLevel.Information, "Hand-off requested for {UserId} ({Agents} agents connected)", EventName = "HandoffRequested")]
        public static partial void HandoffRequested(ILogger logger, string userId, int agents);

        [LoggerMessage(5102, LogLevel.Information, "Hand-off of {UserId} accepted by agent {AgentId}", EventName = "HandoffAccepted")]
        public static partial void HandoffAccepted(ILogger logger, string userId, string agentId);

        [LoggerMessage(5103, LogLevel.Information, "Hand-off of {UserId} released by agent {AgentId}", EventName = "HandoffReleased")]
        public static partial void HandoffReleased(ILogger logger, string userId, string agentId);

        [LoggerMessage(5104, LogLevel.Information, "Hand-off of {UserId} timed out: nobody accepted", EventName = "HandoffTimedOut")]
        public static partial void HandoffTimedOut(ILogger logger, string userId);

        [LoggerMessage(5105, LogLevel.Error, "The bot could not post in {RoomId}", EventName = "PostFailed")]
        public static partial void PostFailed(ILogger logger, string roomId, Exception exception);
    }
}
