namespace ChatService.EngineIO;

/// <summary>
/// One unit of the outbound queue: an encoded Engine.IO text packet (type digit included, e.g.
/// <c>4hello</c>) or a binary message, optionally followed by binary messages that must go out right after
/// it with nothing in between (Socket.IO attachments).
/// </summary>
/// <remarks>
/// The bytes are shared, never copied per recipient: a broadcast builds one <see cref="OutboundMessage"/> and
/// hands the same value to every session. Nobody may mutate the buffers after enqueueing them.
/// </remarks>
public readonly struct OutboundMessage
{
    /// <summary>Creates a message.</summary>
    public OutboundMessage(ReadOnlyMemory<byte> data, bool isBinary, ReadOnlyMemory<byte>[]? attachments = null)
    {
        Data = data;
        IsBinary = isBinary;
        Attachments = attachments;
    }

    /// <summary>A text packet with its type digit, or the raw bytes of a binary message.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>True when <see cref="Data"/> is a binary message (a binary WebSocket frame, <c>b</c>+base64 in polling).</summary>
    public bool IsBinary { get; }

    /// <summary>Binary messages sent right after <see cref="Data"/>, in order.</summary>
    public ReadOnlyMemory<byte>[]? Attachments { get; }

    /// <summary>Wraps an encoded text packet.</summary>
    public static OutboundMessage Text(ReadOnlyMemory<byte> packet) => new(packet, isBinary: false);

    /// <summary>Wraps a binary message.</summary>
    public static OutboundMessage Binary(ReadOnlyMemory<byte> bytes) => new(bytes, isBinary: true);

    internal bool IsControl(EngineIOPacketType type) => !IsBinary && Data.Length > 0 && Data.Span[0] == (byte)('0' + (int)type);
}
