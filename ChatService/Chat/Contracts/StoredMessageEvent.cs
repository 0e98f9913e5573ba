using System.Text.Json.Serialization;

namespace ChatService.Chat.Contracts;

/// <summary>
/// A stored message written as <c>new_message</c> (the wire shape of <see cref="NewMessageEvent"/>, byte for byte)
/// straight from the <see cref="ChatMessage"/>: no event record and no timestamp string per broadcast.
/// </summary>
/// <param name="Message">The stored message.</param>
[JsonConverter(typeof(StoredMessageEventConverter))]
public readonly record struct StoredMessageEvent(ChatMessage Message);
