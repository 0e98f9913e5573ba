using ChatService.EngineIO;

namespace ChatService.Hosting;

/// <summary>
/// A bare Engine.IO endpoint that sends every message back as it came (text as text, binary as binary):
/// what the official engine.io-protocol test suite expects at <c>/engine.io/</c>.
/// </summary>
internal sealed class EngineIOEchoHandler : IEngineIOHandler
{
    public ValueTask OnOpenedAsync(EngineIOSession session) => ValueTask.CompletedTask;

    public ValueTask OnMessageAsync(EngineIOSession session, ReadOnlyMemory<byte> data, bool isBinary)
    {
        if (isBinary)
        {
            session.TrySend(OutboundMessage.Binary(data));
        }
        else
        {
            var packet = new byte[data.Length + 1];
            packet[0] = (byte)'4';
            data.Span.CopyTo(packet.AsSpan(1));
            session.TrySend(OutboundMessage.Text(packet));
        }

        return ValueTask.CompletedTask;
    }

    public void OnClosed(EngineIOSession session, EngineIOCloseReason reason)
    {
    }
}
