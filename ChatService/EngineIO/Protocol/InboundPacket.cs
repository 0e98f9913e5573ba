namespace ChatService.EngineIO.Protocol;

/// <summary>One decoded client packet. <see cref="Data"/> excludes the type digit (or the <c>b</c> prefix).</summary>
internal readonly record struct InboundPacket(EngineIOPacketType Type, ReadOnlyMemory<byte> Data, bool IsBinary);
