using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatService.Chat.Contracts;

/// <summary>
/// Writes a <see cref="StoredMessageEvent"/> as the source generator writes <see cref="NewMessageEvent"/>: the same
/// properties in the same order, null ones left out; never reads one (it is for outgoing payloads only).
/// </summary>
internal sealed class StoredMessageEventConverter : JsonConverter<StoredMessageEvent>
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText UserId = JsonEncodedText.Encode("user_id");
    private static readonly JsonEncodedText Username = JsonEncodedText.Encode("username");
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText RoomId = JsonEncodedText.Encode("room_id");
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText ClientId = JsonEncodedText.Encode("client_id");

    public override StoredMessageEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("StoredMessageEvent is written, never read.");

    public override void Write(Utf8JsonWriter writer, StoredMessageEvent value, JsonSerializerOptions options)
    {
        var message = value.Message;
        writer.WriteStartObject();
        writer.WriteNumber(Id, message.Id);
        WriteIfNotNull(writer, UserId, message.UserId);
        WriteIfNotNull(writer, Username, message.Username);
        WriteIfNotNull(writer, Message, message.Text);
        WriteIfNotNull(writer, RoomId, message.RoomId);
        Span<byte> timestamp = stackalloc byte[ChatTime.MaxUtf8Length];
        writer.WriteString(Timestamp, timestamp[..ChatTime.Format(message.Timestamp, timestamp)]);
        writer.WriteString(TypeName, NewMessageEvent.TypeOf(message.Kind));
        WriteIfNotNull(writer, ClientId, message.ClientId);
        writer.WriteEndObject();
    }

    private static void WriteIfNotNull(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
