namespace ChatService.Chat.Contracts;

/// <summary><c>new_message</c>, and each element of history: a stored message.</summary>
public sealed record NewMessageEvent(long Id, string UserId, string Username, string Message, string RoomId, string Timestamp, string Type, string? ClientId)
{
    /// <summary>The wire shape of a stored message.</summary>
    public static NewMessageEvent From(ChatMessage message) => new(
        message.Id,
        message.UserId,
        message.Username,
        message.Text,
        message.RoomId,
        ChatTime.Format(message.Timestamp),
        TypeOf(message.Kind),
        message.ClientId);

    /// <summary>The <c>type</c> of a message of that kind.</summary>
    internal static string TypeOf(MessageKind kind) => kind switch { MessageKind.Bot => "bot", MessageKind.System => "system", _ => "user" };
}
