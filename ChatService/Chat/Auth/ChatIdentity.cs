using ChatService.SocketIO;

namespace ChatService.Chat.Auth;

/// <summary>
/// The identity an authentication middleware bound to a socket. When present, the chat uses it as the
/// connection's username and ignores the one in <c>join_room</c>.
/// </summary>
public static class ChatIdentity
{
    /// <summary>The <see cref="SocketContext.Items"/> key holding the authenticated username.</summary>
    public const string UsernameItemKey = "auth.username";

    /// <summary>The username the socket authenticated as, or null when it is anonymous.</summary>
    public static string? BoundUsername(SocketContext socket) =>
        socket.TryGetItem(UsernameItemKey, out var value) ? value as string : null;
}
