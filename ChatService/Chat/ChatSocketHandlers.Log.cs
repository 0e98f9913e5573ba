namespace ChatService.Chat;

public sealed partial class ChatSocketHandlers
{
    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Information, "Chat connection {SocketId} over {Transport} from {Address}", EventName = "Connected")]
        public static partial void Connected(ILogger logger, string socketId, string transport, string? address);

        [LoggerMessage(4002, LogLevel.Information, "Chat connection {SocketId} ended: {Reason}", EventName = "Disconnected")]
        public static partial void Disconnected(ILogger logger, string socketId, string reason);

        [LoggerMessage(4003, LogLevel.Information, "{SocketId} joined room {RoomId}", EventName = "Joined")]
        public static partial void Joined(ILogger logger, string socketId, string roomId);

        [LoggerMessage(4004, LogLevel.Information, "{SocketId} left room {RoomId}", EventName = "Left")]
        public static partial void Left(ILogger logger, string socketId, string roomId);

        [LoggerMessage(4005, LogLevel.Debug, "Message {MessageId} in {RoomId} from {SocketId}, {Length} characters", EventName = "MessagePosted")]
        public static partial void MessagePosted(ILogger logger, long messageId, string roomId, string socketId, int length);

        [LoggerMessage(4006, LogLevel.Information, "{SocketId}: {Event} rejected ({Code})", EventName = "Rejected")]
        public static partial void Rejected(ILogger logger, string socketId, string @event, string code);

        [LoggerMessage(4008, LogLevel.Information, "{SocketId} recovered in {RoomId}, {Count} missed messages replayed", EventName = "Recovered")]
        public static partial void Recovered(ILogger logger, string socketId, string roomId, int count);

        [LoggerMessage(4007, LogLevel.Error, "Message store failed ({Context})", EventName = "StoreFailed")]
        public static partial void StoreFailed(ILogger logger, string context, Exception exception);

        [LoggerMessage(4009, LogLevel.Error, "{SocketId}: finishing a send_message failed", EventName = "SendFailed")]
        public static partial void SendFailed(ILogger logger, string socketId, Exception exception);
    }
}
