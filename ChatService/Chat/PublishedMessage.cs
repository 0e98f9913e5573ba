using ChatService.Chat.Contracts;

namespace ChatService.Chat;

/// <summary>A message as stored and broadcast: the stored row and its <c>new_message</c> JSON, encoded once.</summary>
/// <param name="Message">The stored message.</param>
/// <param name="Json">Its wire shape (<see cref="NewMessageEvent"/>) as sent in <c>new_message</c>; reuse it rather than encoding it again.</param>
public readonly record struct PublishedMessage(ChatMessage Message, RawJson Json);
