namespace ChatService.SocketIO.Protocol;

/// <summary>Why a client packet was refused. Any of these ends the client's connection.</summary>
public enum PacketReadError
{
    /// <summary>The packet was valid.</summary>
    None,
    /// <summary>Empty packet.</summary>
    Empty,
    /// <summary>Unknown packet type digit.</summary>
    UnknownType,
    /// <summary>The attachment count is missing, malformed or over the limit.</summary>
    BadAttachmentCount,
    /// <summary>The namespace is malformed or too long.</summary>
    BadNamespace,
    /// <summary>The ack id is too long.</summary>
    BadAckId,
    /// <summary>The JSON payload is malformed, too deep, or of the wrong shape for the packet type.</summary>
    BadPayload,
    /// <summary>A reserved event name (connect, disconnect…).</summary>
    ReservedEventName,
    /// <summary>A packet type a client may not send (CONNECT_ERROR).</summary>
    NotAllowedFromClient,
}
