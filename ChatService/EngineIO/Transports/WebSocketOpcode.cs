namespace ChatService.EngineIO.Transports;

/// <summary>The frame opcodes of RFC 6455 §5.2 this server reads and writes, and the FIN bit.</summary>
internal static class WebSocketOpcode
{
    public const byte Continuation = 0x0;
    public const byte Text = 0x1;
    public const byte Binary = 0x2;
    public const byte Close = 0x8;
    public const byte Ping = 0x9;
    public const byte Pong = 0xA;

    /// <summary>The FIN bit of a frame's first byte: the last (here: only) frame of a message.</summary>
    public const byte Fin = 0x80;
}
