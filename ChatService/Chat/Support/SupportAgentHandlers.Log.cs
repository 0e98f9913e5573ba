namespace ChatService.Chat.Support;

public sealed partial class SupportAgentHandlers
{
    private static partial class Log
    {
        [LoggerMessage(4101, LogLevel.Information, "Support agent connected: {SocketId}", EventName = "AgentConnected")]
        public static partial void AgentConnected(ILogger logger, string socketId);

        [LoggerMessage(4102, LogLevel.Warning, "Agent connection with a wrong token refused (from {Address})", EventName = "AgentRefused")]
        public static partial void AgentRefused(ILogger logger, string? address);

        [LoggerMessage(4103, LogLevel.Information, "Agent {SocketId}: {Action} → {Result}", EventName = "AgentAction")]
        public static partial void AgentAction(ILogger logger, string socketId, string action, string result);
    }
}
