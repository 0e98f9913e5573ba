namespace ChatService.Chat;

/// <summary>
/// What the chat knows about one connection, kept as its <see cref="SocketIO.SocketContext.State"/>; touched only
/// by that socket's handlers (which run one at a time).
/// </summary>
internal sealed class ChatConnectionState
{
    /// <summary>The name bound at the last join.</summary>
    public string? Username { get; set; }

    /// <summary>The room the connection is in (one at a time).</summary>
    public string? RoomId { get; set; }

    /// <summary>The connection's last send_message still being stored, broadcast or acknowledged (set by its handler only).</summary>
    public Task? LastSend { get; set; }

    /// <summary>How many of the connection's send_message are being stored, broadcast or acknowledged.</summary>
    public int SendsInFlight;
}
