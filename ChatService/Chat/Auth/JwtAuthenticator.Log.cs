namespace ChatService.Chat.Auth;

public sealed partial class JwtAuthenticator
{
    private static partial class Log
    {
        [LoggerMessage(4501, LogLevel.Information, "Connection from {Address} refused by JWT authentication: {Reason}", EventName = "JwtRefused")]
        public static partial void Refused(ILogger logger, string? address, string reason);
    }
}
