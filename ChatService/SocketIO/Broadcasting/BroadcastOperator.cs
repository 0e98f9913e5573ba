using System.Text.Json.Serialization.Metadata;
using ChatService.SocketIO.Protocol;

namespace ChatService.SocketIO.Broadcasting;

/// <summary>
/// A fluent, immutable broadcast target: <c>To</c>/<c>In</c> add rooms, <c>Except</c> removes rooms, then
/// <c>EmitAsync</c> encodes the packet once and the adapter hands the same bytes to every recipient.
/// </summary>
/// <remarks>
/// The most common target, one room, is kept as the room's name until something else is added: building its
/// <see cref="BroadcastOptions"/> (two immutable sets) for every message cost more than the in-memory delivery itself.
/// </remarks>
public readonly struct BroadcastOperator
{
    private readonly SocketIONamespace _namespace;

    // Exactly one of these is set once a room was added: the options, or the only room of an otherwise plain target.
    private readonly BroadcastOptions? _options;
    private readonly string? _room;

    internal BroadcastOperator(SocketIONamespace ns)
        : this(ns, null, null)
    {
    }

    private BroadcastOperator(SocketIONamespace ns, BroadcastOptions? options, string? room)
    {
        _namespace = ns;
        _options = options;
        _room = room;
    }

    /// <summary>The target as options.</summary>
    public BroadcastOptions Options => _options ?? (_room is null ? BroadcastOptions.All : BroadcastOptions.ToRoom(_room));

    /// <summary>Adds a room to the targets.</summary>
    public BroadcastOperator To(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        if (_options is null && (_room is null || _room == room))
        {
            return new(_namespace, null, room);
        }

        var options = Options;
        return With(options with { Rooms = options.Rooms.Add(room) });
    }

    /// <summary>Adds rooms to the targets.</summary>
    public BroadcastOperator To(IEnumerable<string> rooms) => With(Options with { Rooms = Options.Rooms.Union(rooms) });

    /// <summary>Same as <see cref="To(string)"/>.</summary>
    public BroadcastOperator In(string room) => To(room);

    /// <summary>Excludes the sockets in <paramref name="room"/> (or the socket with that id).</summary>
    public BroadcastOperator Except(string room) => With(Options with { ExceptRooms = Options.ExceptRooms.Add(room) });

    /// <summary>Excludes the sockets in any of <paramref name="rooms"/>.</summary>
    public BroadcastOperator Except(IEnumerable<string> rooms) => With(Options with { ExceptRooms = Options.ExceptRooms.Union(rooms) });

    /// <summary>Keeps the broadcast on this node (no effect with the in-memory adapter).</summary>
    public BroadcastOperator Local => With(Options with { Local = true });

    /// <summary>Sends an event to every target.</summary>
    public ValueTask EmitAsync(string eventName, SocketIOArguments arguments) =>
        BroadcastAsync(PacketWriter.Event(_namespace.Name, eventName, arguments), offset: null);

    /// <summary>Sends an event with one value to every target.</summary>
    public ValueTask EmitAsync<T>(string eventName, T value, JsonTypeInfo<T> typeInfo) =>
        BroadcastAsync(PacketWriter.Event(_namespace.Name, eventName, value, typeInfo), offset: null);

    /// <summary>
    /// Sends an event with one value and a recovery offset, appended as the last argument (as the reference
    /// server does): socket.io-client remembers the last offset it saw and presents it when it reconnects.
    /// Offsets must grow; numeric ones are compared as numbers. Returns the value's JSON as sent, for an answer
    /// that carries the same value without encoding it again (the packet's bytes never change once sent).
    /// </summary>
    public ValueTask<ReadOnlyMemory<byte>> EmitWithOffsetAsync<T>(string eventName, T value, JsonTypeInfo<T> typeInfo, string offset)
    {
        var packet = PacketWriter.EventWithOffset(_namespace.Name, eventName, value, typeInfo, offset, ackId: -1, out var valueJson);
        var sending = BroadcastAsync(packet, offset);
        return sending.IsCompletedSuccessfully ? new(valueJson) : AwaitSent(sending, valueJson);

        static async ValueTask<ReadOnlyMemory<byte>> AwaitSent(ValueTask sending, ReadOnlyMemory<byte> valueJson)
        {
            await sending.ConfigureAwait(false);
            return valueJson;
        }
    }

    /// <summary>The targeted sockets connected to this node.</summary>
    public IReadOnlyCollection<SocketContext> LocalSockets() => _namespace.Adapter.GetSockets(Options);

    private BroadcastOperator With(BroadcastOptions options) => new(_namespace, options, null);

    private ValueTask BroadcastAsync(in EngineIO.OutboundMessage packet, string? offset) =>
        _options is null && _room is not null
            ? _namespace.Adapter.BroadcastToRoomAsync(packet, _room, offset)
            : _namespace.Adapter.BroadcastAsync(packet, Options, offset);
}
