namespace ChatService.EngineIO;

public sealed partial class EngineIOServer
{
    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Debug, "Engine.IO session {Sid} opened over {Transport}", EventName = "SessionOpened")]
        public static partial void SessionOpened(ILogger logger, string sid, EngineIOTransportKind transport);

        [LoggerMessage(1002, LogLevel.Debug, "Engine.IO request rejected: {Error} ({Method} from {Remote})", EventName = "RequestRejected")]
        public static partial void RequestRejected(ILogger logger, EngineIOError error, string method, string? remote);

        [LoggerMessage(1003, LogLevel.Information, "Engine.IO request from origin {Origin} refused", EventName = "OriginRefused")]
        public static partial void OriginRefused(ILogger logger, string origin);

        [LoggerMessage(1004, LogLevel.Information, "Engine.IO handshake refused: {Reason}", EventName = "RequestRefused")]
        public static partial void RequestRefused(ILogger logger, string reason);

        [LoggerMessage(1005, LogLevel.Error, "Engine.IO session {Sid}: the open handler failed", EventName = "OpenHandlerFailed")]
        public static partial void OpenHandlerFailed(ILogger logger, string sid, Exception exception);

        [LoggerMessage(1006, LogLevel.Error, "Engine.IO session {Sid}: the close handler failed", EventName = "CloseHandlerFailed")]
        public static partial void CloseHandlerFailed(ILogger logger, string sid, Exception exception);
    }
}
