namespace ChatService.SocketIO;

internal sealed partial class SocketIOConnection
{
    private static partial class Log
    {
        [LoggerMessage(2001, LogLevel.Information, "Session {Sid}: invalid Socket.IO packet ({Error}), closing", EventName = "InvalidPacket")]
        public static partial void InvalidPacket(ILogger logger, string sid, Protocol.PacketReadError error);

        [LoggerMessage(2002, LogLevel.Debug, "Socket {SocketId} connected to {Namespace} (session {Sid})", EventName = "SocketConnected")]
        public static partial void SocketConnected(ILogger logger, string socketId, string @namespace, string sid);

        [LoggerMessage(2003, LogLevel.Information, "Session {Sid}: connection to {Namespace} refused by a middleware", EventName = "ConnectRefused")]
        public static partial void ConnectRefused(ILogger logger, string sid, string @namespace);

        [LoggerMessage(2004, LogLevel.Error, "A connection middleware of {Namespace} failed", EventName = "MiddlewareFailed")]
        public static partial void MiddlewareFailed(ILogger logger, string @namespace, Exception exception);

        [LoggerMessage(2005, LogLevel.Error, "Socket {SocketId}: a connection handler failed", EventName = "ConnectionHandlerFailed")]
        public static partial void ConnectionHandlerFailed(ILogger logger, string socketId, Exception exception);

        [LoggerMessage(2006, LogLevel.Information, "Session {Sid}: no namespace joined within the connect timeout, closing", EventName = "ConnectTimeout")]
        public static partial void ConnectTimeout(ILogger logger, string sid);

        [LoggerMessage(2008, LogLevel.Error, "Session {Sid}: could not look up a session to recover", EventName = "RestoreFailed")]
        public static partial void RestoreFailed(ILogger logger, string sid, Exception exception);

        [LoggerMessage(2007, LogLevel.Warning, "Session {Sid}: too many events waiting for handlers, closing", EventName = "TooManyPendingEvents")]
        public static partial void TooManyPendingEvents(ILogger logger, string sid);
    }
}
