using System.Text.Json.Serialization;

namespace ChatService.Chat.Contracts;

/// <summary>
/// The ack of a stored <c>send_message</c>, <c>{"ok":true,"message":…}</c> (the wire shape of <see cref="ChatAck"/>),
/// around the message's <c>new_message</c> JSON instead of a second serialization of it.
/// </summary>
/// <param name="Message">The stored message as encoded for <c>new_message</c>.</param>
[JsonConverter(typeof(MessageStoredAckConverter))]
public readonly record struct MessageStoredAck(RawJson Message);
