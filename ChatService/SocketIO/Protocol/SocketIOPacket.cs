namespace ChatService.SocketIO.Protocol;

/// <summary>
/// A decoded client packet. For events and acks, <see cref="Arguments"/> keeps the JSON as the client sent it
/// (validated, not deserialized); handlers bind values only when they ask. A struct: one is read for every
/// event and lives only until it is dispatched (the default value, with no <see cref="Namespace"/>, is no packet).
/// </summary>
internal struct SocketIOPacket
{
    // Runs the initializers below (AckId -1, no arguments) for every packet the reader makes.
    public SocketIOPacket()
    {
    }

    public required SocketIOPacketType Type { get; init; }

    public required string Namespace { get; init; }

    /// <summary>The ack id, or -1 when none.</summary>
    public long AckId { get; init; } = -1;

    /// <summary>How many binary attachments follow (binary packets only).</summary>
    public int AttachmentCount { get; init; }

    /// <summary>The event name (events only).</summary>
    public string? EventName { get; init; }

    /// <summary>The raw JSON payload (CONNECT auth object; empty when none).</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>Event arguments (after the name) or ack arguments.</summary>
    public SocketIOArguments Arguments { get; set; } = SocketIOArguments.Empty;
}
