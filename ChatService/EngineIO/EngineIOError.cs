namespace ChatService.EngineIO;

/// <summary>
/// The error codes of the Engine.IO HTTP answers (see <see cref="EngineIOErrorResponses"/>).
/// </summary>
internal enum EngineIOError
{
    UnknownTransport = 0,
    UnknownSid = 1,
    BadHandshakeMethod = 2,
    BadRequest = 3,
    Forbidden = 4,
    UnsupportedProtocolVersion = 5,
}
