using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ChatService.EngineIO;
using ChatService.SocketIO.Broadcasting;

namespace ChatService.SocketIO.Adapters;

/// <summary>
/// Rooms of one node: room → members and socket → rooms, under one lock that is held only for map updates
/// and to take a snapshot. Each room caches an array of its members, rebuilt only after a change, so a
/// broadcast to one room costs no allocation and no lock while it sends. Both maps are built for the
/// common case of a socket in its own room plus one or two others: a socket's rooms are a <see cref="RoomSet"/>
/// value, and a room of one member (every socket's own room) needs no member set.
/// </summary>
public sealed class InMemoryAdapter : SocketIOAdapter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RoomSet> _socketRooms = new(StringComparer.Ordinal);

    /// <summary>Creates the adapter of <paramref name="ns"/>.</summary>
    public InMemoryAdapter(SocketIONamespace ns)
        : base(ns)
    {
    }

    /// <inheritdoc />
    public override void AddToRoom(SocketContext socket, string room)
    {
        lock (_gate)
        {
            ref var rooms = ref CollectionsMarshal.GetValueRefOrAddDefault(_socketRooms, socket.Id, out _);
            if (!rooms.Add(room))
            {
                return;
            }

            if (!_rooms.TryGetValue(room, out var members))
            {
                _rooms[room] = members = new Room();
            }

            members.Add(socket);
        }
    }

    /// <inheritdoc />
    public override void RemoveFromRoom(SocketContext socket, string room)
    {
        lock (_gate)
        {
            ref var rooms = ref CollectionsMarshal.GetValueRefOrNullRef(_socketRooms, socket.Id);
            if (!Unsafe.IsNullRef(ref rooms) && rooms.Remove(room))
            {
                RemoveMember(room, socket);
            }
        }
    }

    /// <inheritdoc />
    public override void RemoveFromAllRooms(SocketContext socket)
    {
        lock (_gate)
        {
            if (!_socketRooms.Remove(socket.Id, out var rooms))
            {
                return;
            }

            foreach (var room in rooms.ToArray())
            {
                RemoveMember(room, socket);
            }
        }
    }

    /// <inheritdoc />
    public override IReadOnlyCollection<string> GetRooms(string socketId)
    {
        lock (_gate)
        {
            return _socketRooms.TryGetValue(socketId, out var rooms) ? rooms.ToArray() : [];
        }
    }

    /// <inheritdoc />
    public override int CountInRoom(string room)
    {
        lock (_gate)
        {
            return _rooms.TryGetValue(room, out var members) ? members.Count : 0;
        }
    }

    /// <inheritdoc />
    public override IReadOnlyCollection<SocketContext> GetSockets(BroadcastOptions options)
    {
        var result = new List<SocketContext>();
        ForEachTarget(options, result, static (list, socket) => list.Add(socket));
        return result;
    }

    /// <inheritdoc />
    public override ValueTask BroadcastAsync(OutboundMessage packet, BroadcastOptions options, string? offset = null)
    {
        var recipients = ForEachTarget(options, (packet, offset), static (state, socket) => socket.Deliver(state.packet, state.offset));
        SocketIOMetrics.BroadcastRecipients.Record(recipients);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask BroadcastToRoomAsync(OutboundMessage packet, string room, string? offset = null)
    {
        var members = Members(room);
        foreach (var socket in members)
        {
            socket.Deliver(packet, offset);
        }

        SocketIOMetrics.BroadcastRecipients.Record(members.Length);
        return ValueTask.CompletedTask;
    }

    /// <summary>Visits each target once; no lock is held while <paramref name="visit"/> runs. Returns how many it visited.</summary>
    private int ForEachTarget<TState>(BroadcastOptions options, TState state, Action<TState, SocketContext> visit)
    {
        if (options.Rooms.Count == 0)
        {
            var except = ExceptSet(options);
            var visited = 0;
            foreach (var socket in Namespace.Sockets)
            {
                if (except is null || !except.Contains(socket.Id))
                {
                    visit(state, socket);
                    visited++;
                }
            }

            return visited;
        }

        if (options.Rooms.Count == 1 && options.ExceptRooms.Count == 0)
        {
            // Not Rooms.First(): through IEnumerable it boxes the set's enumerator on every broadcast.
            string? only = null;
            foreach (var name in options.Rooms)
            {
                only = name;
            }

            var members = Members(only!);
            foreach (var socket in members)
            {
                visit(state, socket);
            }

            return members.Length;
        }

        var exceptIds = ExceptSet(options);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var targets = new List<SocketContext>();
        lock (_gate)
        {
            foreach (var name in options.Rooms)
            {
                if (!_rooms.TryGetValue(name, out var room))
                {
                    continue;
                }

                foreach (var socket in room.Snapshot())
                {
                    if ((exceptIds is null || !exceptIds.Contains(socket.Id)) && seen.Add(socket.Id))
                    {
                        targets.Add(socket);
                    }
                }
            }
        }

        foreach (var socket in targets)
        {
            visit(state, socket);
        }

        return targets.Count;
    }

    /// <summary>The members of <paramref name="room"/> now (a cached array: no lock is held while they are visited).</summary>
    private SocketContext[] Members(string room)
    {
        lock (_gate)
        {
            return _rooms.TryGetValue(room, out var members) ? members.Snapshot() : [];
        }
    }

    /// <summary>The ids of the sockets in any except-room, or null when there is none.</summary>
    private HashSet<string>? ExceptSet(BroadcastOptions options)
    {
        if (options.ExceptRooms.Count == 0)
        {
            return null;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var name in options.ExceptRooms)
            {
                if (_rooms.TryGetValue(name, out var room))
                {
                    foreach (var socket in room.Snapshot())
                    {
                        ids.Add(socket.Id);
                    }
                }
            }
        }

        return ids;
    }

    private void RemoveMember(string room, SocketContext socket)
    {
        if (_rooms.TryGetValue(room, out var members))
        {
            members.Remove(socket);
            if (members.Count == 0)
            {
                _rooms.Remove(room);
            }
        }
    }

    /// <summary>
    /// Members of one room with a cached array; only touched under the adapter's lock. A single member is a
    /// field: the member set exists only once a second socket joins.
    /// </summary>
    private sealed class Room
    {
        private SocketContext? _only;
        private HashSet<SocketContext>? _members;
        private SocketContext[]? _snapshot;

        public int Count => _members?.Count ?? (_only is null ? 0 : 1);

        public void Add(SocketContext socket)
        {
            if (_members is not null)
            {
                if (_members.Add(socket))
                {
                    _snapshot = null;
                }
            }
            else if (_only is null)
            {
                _only = socket;
                _snapshot = null;
            }
            else if (!ReferenceEquals(_only, socket))
            {
                _members = [_only, socket];
                _only = null;
                _snapshot = null;
            }
        }

        public void Remove(SocketContext socket)
        {
            if (_members is not null)
            {
                if (_members.Remove(socket))
                {
                    _snapshot = null;
                }
            }
            else if (ReferenceEquals(_only, socket))
            {
                _only = null;
                _snapshot = null;
            }
        }

        public SocketContext[] Snapshot() => _snapshot ??= _members is not null ? [.. _members] : _only is null ? [] : [_only];
    }
}
