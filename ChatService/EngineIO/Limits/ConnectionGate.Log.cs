namespace ChatService.EngineIO.Limits;

internal sealed partial class ConnectionGate
{
    private static partial class Log
    {
        [LoggerMessage(1401, LogLevel.Warning, "Engine.IO handshake refused: {Address} is over its handshake rate", EventName = "HandshakeRateExceeded")]
        public static partial void HandshakeRateExceeded(ILogger logger, string address);

        [LoggerMessage(1402, LogLevel.Warning, "Engine.IO handshake refused: {Address} already holds {Limit} sessions", EventName = "AddressFull")]
        public static partial void AddressFull(ILogger logger, string address, int limit);

        [LoggerMessage(1403, LogLevel.Warning, "Engine.IO handshake refused: the endpoint holds its maximum of {Limit} sessions", EventName = "ServerFull")]
        public static partial void ServerFull(ILogger logger, int limit);
    }
}
