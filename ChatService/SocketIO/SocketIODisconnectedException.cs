namespace ChatService.SocketIO;

/// <summary>Thrown by a pending <c>EmitWithAckAsync</c> when the socket disconnects before answering.</summary>
public sealed class SocketIODisconnectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SocketIODisconnectedException(DisconnectReason reason)
        : base($"The socket disconnected ({reason.ToWireString()}) before acknowledging.")
    {
        Reason = reason;
    }

    /// <summary>Why the socket disconnected.</summary>
    public DisconnectReason Reason { get; }
}
