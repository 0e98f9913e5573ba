using System.Text.Json;

namespace ChatService.Chat.Contracts;

/// <summary>
/// Reads a <c>send_message</c> object as <see cref="ChatJsonContext"/> reads <see cref="SendMessageRequest"/> — the
/// same four fields, names matched exactly, the last of a repeated field wins, other fields skipped, a field of
/// another type throws <see cref="JsonException"/> — without the serializer's per-call state, and giving a
/// <c>room_id</c> equal to the connection's room as that string rather than a new one: both per message.
/// </summary>
internal static class SendMessageRequestReader
{
    /// <summary>Reads one JSON object (already validated as JSON by the packet reader).</summary>
    public static SendMessageRequest Read(ReadOnlySpan<byte> json, string? currentRoom)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("send_message: an object was expected.");
        }

        string? roomId = null, message = null, username = null, clientId = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("room_id"u8))
            {
                roomId = ReadString(ref reader, currentRoom);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                message = ReadString(ref reader, null);
            }
            else if (reader.ValueTextEquals("username"u8))
            {
                username = ReadString(ref reader, null);
            }
            else if (reader.ValueTextEquals("client_id"u8))
            {
                clientId = ReadString(ref reader, null);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new SendMessageRequest(roomId, message, username, clientId);
    }

    /// <summary>The property's value: null, or a string (<paramref name="known"/> itself when equal to it).</summary>
    private static string? ReadString(ref Utf8JsonReader reader, string? known)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            // An invalid string never equals a known one: GetString then throws, as the serializer does.
            JsonTokenType.String => known is not null && reader.ValueTextEquals(known) ? known : reader.GetString(),
            _ => throw new JsonException($"send_message: a string was expected, not {reader.TokenType}."),
        };
    }
}
