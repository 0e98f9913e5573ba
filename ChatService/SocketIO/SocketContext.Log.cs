namespace ChatService.SocketIO;

public sealed partial class SocketContext
{
    private static partial class Log
    {
        [LoggerMessage(2101, LogLevel.Error, "Socket {SocketId}: a handler failed", EventName = "HandlerFailed")]
        public static partial void HandlerFailed(ILogger logger, string socketId, Exception exception);

        [LoggerMessage(2102, LogLevel.Debug, "Socket {SocketId}: no handler for event {EventName}", EventName = "UnhandledEvent")]
        public static partial void UnhandledEvent(ILogger logger, string socketId, string eventName);

        [LoggerMessage(2104, LogLevel.Error, "Socket {SocketId}: could not keep its session for recovery", EventName = "SessionSaveFailed")]
        public static partial void SessionSaveFailed(ILogger logger, string socketId, Exception exception);

        [LoggerMessage(2103, LogLevel.Debug, "Socket {SocketId} left {Namespace}: {Reason}", EventName = "SocketDisconnected")]
        public static partial void SocketDisconnected(ILogger logger, string socketId, string @namespace, DisconnectReason reason);
    }
}
