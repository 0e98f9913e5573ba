using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ChatService.SocketIO;

/// <summary>
/// A refusal from a connection middleware: the client receives CONNECT_ERROR <c>{"message":…,"data":…}</c>
/// (socket.io-client raises <c>connect_error</c> with <c>err.message</c> and <c>err.data</c>).
/// </summary>
public sealed class SocketIOConnectError
{
    /// <summary>Refuses with a message and no data.</summary>
    public SocketIOConnectError(string message)
        : this(message, ReadOnlyMemory<byte>.Empty)
    {
    }

    private SocketIOConnectError(string message, ReadOnlyMemory<byte> dataJson)
    {
        Message = message;
        DataJson = dataJson;
    }

    /// <summary>The message the client sees as <c>err.message</c>.</summary>
    public string Message { get; }

    /// <summary>The JSON the client sees as <c>err.data</c> (empty when none).</summary>
    public ReadOnlyMemory<byte> DataJson { get; }

    /// <summary>Refuses with a message and data serialized with <paramref name="typeInfo"/>.</summary>
    public static SocketIOConnectError WithData<T>(string message, T data, JsonTypeInfo<T> typeInfo)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, SocketIOArguments.WriterOptions))
        {
            JsonSerializer.Serialize(writer, data, typeInfo);
        }

        return new SocketIOConnectError(message, stream.ToArray());
    }
}
