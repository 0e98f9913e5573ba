namespace ChatService.EngineIO;

public sealed partial class EngineIOSession
{
    private static partial class Log
    {
        [LoggerMessage(1101, LogLevel.Debug, "Engine.IO session {Sid} closed: {Reason}", EventName = "SessionClosed")]
        public static partial void SessionClosed(ILogger logger, string sid, EngineIOCloseReason reason);

        [LoggerMessage(1102, LogLevel.Warning, "Engine.IO session {Sid}: outbound queue full ({Limit} packets), closing the slow consumer", EventName = "OutboundQueueFull")]
        public static partial void OutboundQueueFull(ILogger logger, string sid, int limit);

        [LoggerMessage(1103, LogLevel.Warning, "Engine.IO session {Sid}: the message handler failed", EventName = "HandlerFailed")]
        public static partial void HandlerFailed(ILogger logger, string sid, Exception exception);

        [LoggerMessage(1104, LogLevel.Information, "Engine.IO session {Sid}: unexpected packet {Type}, closing", EventName = "UnexpectedPacket")]
        public static partial void UnexpectedPacket(ILogger logger, string sid, EngineIOPacketType type);

        [LoggerMessage(1105, LogLevel.Debug, "Engine.IO session {Sid} upgraded to WebSocket", EventName = "SessionUpgraded")]
        public static partial void SessionUpgraded(ILogger logger, string sid);
    }
}
