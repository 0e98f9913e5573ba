using System.Text.Json.Serialization.Metadata;
using ChatService.SocketIO.Protocol;

namespace ChatService.SocketIO;

/// <summary>An event received from a client: its name, its arguments, and the acknowledgement it may ask for.</summary>
public sealed class SocketIOEvent
{
    private readonly long _ackId;
    private int _acked;

    internal SocketIOEvent(SocketContext socket, string name, SocketIOArguments arguments, long ackId)
    {
        Socket = socket;
        Name = name;
        Arguments = arguments;
        _ackId = ackId;
    }

    /// <summary>The socket that sent the event.</summary>
    public SocketContext Socket { get; }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>The arguments after the name.</summary>
    public SocketIOArguments Arguments { get; }

    /// <summary>Whether the client passed a callback (asked for an acknowledgement).</summary>
    public bool WantsAck => _ackId >= 0;

    /// <summary>Answers the client's callback with <paramref name="arguments"/>. Only the first call sends anything.</summary>
    /// <returns>True when the ack was queued.</returns>
    public bool Ack(SocketIOArguments arguments) => TakeAck() && Socket.Send(PacketWriter.Ack(Socket.Namespace.Name, _ackId, arguments));

    /// <summary>Answers the client's callback with one value.</summary>
    public bool Ack<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        if (!WantsAck)
        {
            return false;
        }

        // Encoded before the ack is taken, as with arguments: a value that fails to serialize leaves it untaken.
        var packet = PacketWriter.Ack(Socket.Namespace.Name, _ackId, value, typeInfo);
        return TakeAck() && Socket.Send(packet);
    }

    private bool TakeAck() => _ackId >= 0 && Interlocked.Exchange(ref _acked, 1) == 0;

    /// <summary>A synchronous handler as the asynchronous kind the dispatch runs.</summary>
    internal static Func<SocketIOEvent, ValueTask> Handler(Action<SocketIOEvent> handler) => e =>
    {
        handler(e);
        return ValueTask.CompletedTask;
    };
}
