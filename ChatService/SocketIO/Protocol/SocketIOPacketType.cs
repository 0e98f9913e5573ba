namespace ChatService.SocketIO.Protocol;

/// <summary>
/// Socket.IO v5 packet types, written as one digit inside an Engine.IO message packet.
/// </summary>
/// <remarks>
/// | type | digit | direction | payload |
/// |---|---|---|---|
/// | Connect | 0 | both | client: optional auth object; server: <c>{"sid":"..."}</c> |
/// | Disconnect | 1 | both | none |
/// | Event | 2 | both | <c>["name", args...]</c>, optional ack id before it |
/// | Ack | 3 | both | <c>[args...]</c> with the ack id |
/// | ConnectError | 4 | server → client | <c>{"message":"...","data":...}</c> |
/// | BinaryEvent | 5 | both | like Event, with <c>N-</c> attachments and placeholders |
/// | BinaryAck | 6 | both | like Ack, with <c>N-</c> attachments and placeholders |
/// Text form: <c>type [attachments "-"] [namespace ","] [ack id] [JSON]</c>; the namespace is omitted for <c>/</c>.
/// </remarks>
public enum SocketIOPacketType : byte
{
    /// <summary>Connect to a namespace.</summary>
    Connect = 0,
    /// <summary>Leave a namespace.</summary>
    Disconnect = 1,
    /// <summary>An event.</summary>
    Event = 2,
    /// <summary>An acknowledgement.</summary>
    Ack = 3,
    /// <summary>A refused connection.</summary>
    ConnectError = 4,
    /// <summary>An event with binary attachments.</summary>
    BinaryEvent = 5,
    /// <summary>An acknowledgement with binary attachments.</summary>
    BinaryAck = 6,
}
