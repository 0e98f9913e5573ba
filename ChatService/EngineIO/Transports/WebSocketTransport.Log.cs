namespace ChatService.EngineIO.Transports;

internal static partial class WebSocketTransport
{
    private static partial class Log
    {
        [LoggerMessage(1301, LogLevel.Debug, "Engine.IO session {Sid}: second WebSocket after the upgrade, closed", EventName = "UpgradeRefused")]
        public static partial void UpgradeRefused(ILogger logger, string sid);

        [LoggerMessage(1302, LogLevel.Debug, "Engine.IO session {Sid}: upgrade to WebSocket failed or timed out", EventName = "UpgradeFailed")]
        public static partial void UpgradeFailed(ILogger logger, string sid);

        [LoggerMessage(1303, LogLevel.Information, "Engine.IO session {Sid}: WebSocket message over {Limit} bytes, closing with 1009", EventName = "MessageTooLarge")]
        public static partial void MessageTooLarge(ILogger logger, string sid, int limit);

        [LoggerMessage(1304, LogLevel.Information, "Engine.IO session {Sid}: invalid WebSocket frame, closing", EventName = "InvalidFrame")]
        public static partial void InvalidFrame(ILogger logger, string sid);
    }
}
