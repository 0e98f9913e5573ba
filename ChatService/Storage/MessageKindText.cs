using ChatService.Chat;

namespace ChatService.Storage;

/// <summary>How a <see cref="MessageKind"/> is stored: <c>user</c>, <c>bot</c>, <c>system</c> (as on the wire).</summary>
internal static class MessageKindText
{
    public static string ToText(MessageKind kind) => kind switch
    {
        MessageKind.Bot => "bot",
        MessageKind.System => "system",
        _ => "user",
    };

    public static MessageKind Parse(string text) => text switch
    {
        "bot" => MessageKind.Bot,
        "system" => MessageKind.System,
        _ => MessageKind.User,
    };
}
