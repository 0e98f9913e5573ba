using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatService.Chat.Contracts;

/// <summary>Writes a <see cref="MessageStoredAck"/> as <c>{"ok":true,"message":…}</c>; never reads one.</summary>
internal sealed class MessageStoredAckConverter : JsonConverter<MessageStoredAck>
{
    private static readonly JsonEncodedText Ok = JsonEncodedText.Encode("ok");
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");

    public override MessageStoredAck Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("MessageStoredAck is written, never read.");

    public override void Write(Utf8JsonWriter writer, MessageStoredAck value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteBoolean(Ok, true);
        writer.WritePropertyName(Message);
        writer.WriteRawValue(value.Message.Utf8.Span, skipInputValidation: true);
        writer.WriteEndObject();
    }
}
