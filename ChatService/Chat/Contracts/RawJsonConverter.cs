using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatService.Chat.Contracts;

/// <summary>Writes a <see cref="RawJson"/> verbatim; never reads one (it is for outgoing payloads only).</summary>
internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("RawJson is written, never read.");

    // The bytes come from our own serializer: validating them again would be the second parse this type avoids.
    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Utf8.Span, skipInputValidation: true);
}
