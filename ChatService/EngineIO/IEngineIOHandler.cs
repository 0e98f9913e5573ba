namespace ChatService.EngineIO;

/// <summary>
/// The only seam between Engine.IO and the layer above it. Calls for one session never overlap: the
/// transport awaits each one before it reads the next packet, so the layer above sees packets in order.
/// </summary>
public interface IEngineIOHandler
{
    /// <summary>A session was opened (the open packet is already queued).</summary>
    ValueTask OnOpenedAsync(EngineIOSession session);

    /// <summary>
    /// A message packet arrived. <paramref name="data"/> is owned by the handler (it may keep it): the UTF-8
    /// text after the type digit, or the bytes of a binary message.
    /// </summary>
    ValueTask OnMessageAsync(EngineIOSession session, ReadOnlyMemory<byte> data, bool isBinary);

    /// <summary>The session ended. Called exactly once per opened session.</summary>
    void OnClosed(EngineIOSession session, EngineIOCloseReason reason);
}
