using System.Text.Json;

namespace ChatService.EngineIO;

/// <summary>
/// The one place that turns an <see cref="EngineIOError"/> into a response: HTTP 400 (403 for
/// <see cref="EngineIOError.Forbidden"/>) with <c>{"code":N,"message":"..."}</c>.
/// </summary>
internal static class EngineIOErrorResponses
{
    public static string Message(EngineIOError error) => error switch
    {
        EngineIOError.UnknownTransport => "Transport unknown",
        EngineIOError.UnknownSid => "Session ID unknown",
        EngineIOError.BadHandshakeMethod => "Bad handshake method",
        EngineIOError.BadRequest => "Bad request",
        EngineIOError.Forbidden => "Forbidden",
        EngineIOError.UnsupportedProtocolVersion => "Unsupported protocol version",
        _ => "Bad request",
    };

    public static Task WriteAsync(HttpContext context, EngineIOError error, string? message = null, int? statusCode = null)
    {
        var response = context.Response;
        response.StatusCode = statusCode ?? (error == EngineIOError.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest);
        response.ContentType = "application/json";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("code", (int)error);
            json.WriteString("message", message ?? Message(error));
            json.WriteEndObject();
        }

        response.ContentLength = buffer.WrittenCount;
        return response.Body.WriteAsync(buffer.WrittenMemory).AsTask();
    }
}
