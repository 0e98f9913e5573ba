using System.Text.Json.Serialization.Metadata;
using ChatService.SocketIO.Protocol;

namespace ChatService.SocketIO.Broadcasting;

/// <summary>
/// A fluent, immutable broadcast target: <c>To</c>/<c>In</c> add rooms, <c>Except</c> removes rooms, then
/// <c>EmitAsync</c> encodes the packet once and the adapter hands the same bytes to every recipient.
/// </summary>
public readonly struct BroadcastOperator
{
    private readonly SocketIONamespace _namespace;
    private readonly BroadcastOptions _options;

    internal BroadcastOperator(SocketIONamespace ns)
        : this(ns, BroadcastOptions.All)
    {
    }

    private BroadcastOperator(SocketIONamespace ns, BroadcastOptions options)
    {
        _namespace = ns;
        _options = options;
    }

    /// <summary>The target as options.</summary>
    public BroadcastOptions Options => _options;

    /// <summary>Adds a room to the targets.</summary>
    public BroadcastOperator To(string room) => new(_namespace, _options with { Rooms = _options.Rooms.Add(room) });

    /// <summary>Adds rooms to the targets.</summary>
    public BroadcastOperator To(IEnumerable<string> rooms) => new(_namespace, _options with { Rooms = _options.Rooms.Union(rooms) });

    /// <summary>Same as <see cref="To(string)"/>.</summary>
    public BroadcastOperator In(string room) => To(room);

    /// <summary>Excludes the sockets in <paramref name="room"/> (or the socket with that id).</summary>
    public BroadcastOperator Except(string room) => new(_namespace, _options with { ExceptRooms = _options.ExceptRooms.Add(room) });

    /// <summary>Excludes the sockets in any of <paramref name="rooms"/>.</summary>
    public BroadcastOperator Except(IEnumerable<string> rooms) => new(_namespace, _options with { ExceptRooms = _options.ExceptRooms.Union(rooms) });

    /// <summary>Keeps the broadcast on this node (no effect with the in-memory adapter).</summary>
    public BroadcastOperator Local => new(_namespace, _options with { Local = true });

    /// <summary>Sends an event to every target.</summary>
    public ValueTask EmitAsync(string eventName, SocketIOArguments arguments) =>
        _namespace.Adapter.BroadcastAsync(PacketWriter.Event(_namespace.Name, eventName, arguments), _options);

    /// <summary>Sends an event with one value to every target.</summary>
    public ValueTask EmitAsync<T>(string eventName, T value, JsonTypeInfo<T> typeInfo) => EmitAsync(eventName, SocketIOArguments.From(value, typeInfo));

    /// <summary>
    /// Sends an event with one value and a recovery offset, appended as the last argument (as the reference
    /// server does): socket.io-client remembers the last offset it saw and presents it when it reconnects.
    /// Offsets must grow; numeric ones are compared as numbers.
    /// </summary>
    public ValueTask EmitWithOffsetAsync<T>(string eventName, T value, JsonTypeInfo<T> typeInfo, string offset)
    {
        var arguments = new SocketIOArguments.Builder().Add(value, typeInfo).AddString(offset).Build();
        return _namespace.Adapter.BroadcastAsync(PacketWriter.Event(_namespace.Name, eventName, arguments), _options, offset);
    }

    /// <summary>The targeted sockets connected to this node.</summary>
    public IReadOnlyCollection<SocketContext> LocalSockets() => _namespace.Adapter.GetSockets(_options);
}
