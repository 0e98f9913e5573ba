using System.Text.Json.Serialization;

namespace ChatService.Chat.Contracts;

/// <summary>
/// One JSON value already encoded (UTF-8), written out as it is. A stored message is encoded once and these bytes go
/// into both <c>new_message</c> and the sender's ack.
/// </summary>
/// <param name="Utf8">One complete, valid JSON value.</param>
[JsonConverter(typeof(RawJsonConverter))]
public readonly record struct RawJson(ReadOnlyMemory<byte> Utf8);
