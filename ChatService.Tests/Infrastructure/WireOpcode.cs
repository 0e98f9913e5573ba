namespace ChatService.Tests.Infrastructure;

/// <summary>RFC 6455 §5.2 opcodes, as they travel in the low 4 bits of a frame's first byte.</summary>
public static class WireOpcode
{
    public const int Continuation = 0x0;
    public const int Text = 0x1;
    public const int Binary = 0x2;
    public const int Close = 0x8;
    public const int Ping = 0x9;
    public const int Pong = 0xA;
}
