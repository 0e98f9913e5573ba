using ChatService.SocketIO.Protocol;

namespace ChatService.SocketIO;

/// <summary>
/// A binary packet whose attachments are still arriving. A connection holds one only meanwhile: a reference
/// instead of the packet inline keeps every idle connection ~64 bytes smaller.
/// </summary>
internal sealed class PendingBinaryPacket(SocketIOPacket packet)
{
    /// <summary>The packet, its placeholders not yet filled.</summary>
    public SocketIOPacket Packet { get; } = packet;

    /// <summary>The attachments received so far, in order.</summary>
    public List<ReadOnlyMemory<byte>> Attachments { get; } = new(packet.AttachmentCount);
}
