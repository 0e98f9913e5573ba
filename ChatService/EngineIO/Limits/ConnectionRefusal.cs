namespace ChatService.EngineIO.Limits;

/// <summary>Why a handshake was refused by <see cref="ConnectionGate"/>: the HTTP status, the error message and when to retry.</summary>
internal readonly record struct ConnectionRefusal(int StatusCode, string Message, TimeSpan RetryAfter)
{
    public static ConnectionRefusal ServerFull { get; } = new(StatusCodes.Status503ServiceUnavailable, "Server at capacity", TimeSpan.FromSeconds(5));

    public static ConnectionRefusal TooManyConnections { get; } = new(StatusCodes.Status429TooManyRequests, "Too many connections from this address", TimeSpan.FromSeconds(5));

    public static ConnectionRefusal TooManyHandshakes(TimeSpan retryAfter) =>
        new(StatusCodes.Status429TooManyRequests, "Too many handshakes from this address", retryAfter);
}
