using System.Threading.Channels;
using ChatService.Adapters.Redis;
using ChatService.Chat;
using StackExchange.Redis;

namespace ChatService.Storage.Redis;

/// <summary>
/// Cluster-wide <see cref="IPresence"/>: every node answers for the whole cluster (users_count, active_users, rooms)
/// from an in-memory replica, so that reads never touch the network.
/// </summary>
/// <remarks>
/// <para><b>Writes.</b> <see cref="Enter"/> and <see cref="Leave"/> update this node's entries at once and mark the
/// connection pending; one background loop writes pending changes to the node's hash
/// (<see cref="RedisChannels.PresenceOf"/>) and publishes them on the presence channel (<see cref="PresenceCodec"/>).
/// Pending changes are coalesced per connection, so the backlog is bounded by the number of connections.</para>
/// <para><b>Reads.</b> Other nodes' entries come from their channel messages (fast path) and from reading their hashes
/// again every <see cref="RedisAdapterOptions.HeartbeatInterval"/> (which repairs anything missed).</para>
/// <para><b>Liveness.</b> Every interval the node renews its heartbeat key (TTL <see cref="RedisAdapterOptions.NodeTimeout"/>)
/// and sweeps the node set: a node whose heartbeat expired is removed with its hash, atomically (a Lua script that
/// checks the heartbeat first, so a node that just came back is never wiped), and its connections leave presence.
/// A dead node is forgotten within <c>NodeTimeout + HeartbeatInterval</c>.</para>
/// <para><b>Redis outage.</b> Local entries keep changing; other nodes' entries stay as last seen. When the connection
/// comes back (or the heartbeat finds its key gone, as after a Redis restart) the node rewrites its whole hash and
/// asks the others to read it again.</para>
/// </remarks>
internal sealed partial class RedisPresence : IPresence, IHostedService
{
    private const string HeartbeatScript = """
        local existed = redis.call('EXISTS', KEYS[1])
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        redis.call('SADD', KEYS[2], ARGV[1])
        redis.call('PEXPIRE', KEYS[3], ARGV[2])
        return existed
        """;

    private const string SweepScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          redis.call('SREM', KEYS[2], ARGV[1])
          redis.call('DEL', KEYS[3])
          return 1
        end
        return 0
        """;

    private const string LeaveScript = """
        redis.call('DEL', KEYS[1])
        redis.call('SREM', KEYS[2], ARGV[1])
        redis.call('DEL', KEYS[3])
        return 1
        """;

    private readonly RedisConnection _connection;
    private readonly RedisChannels _keys;
    private readonly string _nodeId;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _nodeTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, PresenceEntry> _local = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, PresenceEntry>> _remote = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private Dictionary<string, PresenceEntry?> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refresh = new(StringComparer.Ordinal);
    private int _total;

    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private volatile bool _resyncNeeded = true;
    private bool _failing;

    public RedisPresence(RedisConnection connection, TimeProvider time, ILogger<RedisPresence> logger)
    {
        _connection = connection;
        _keys = connection.Channels;
        _nodeId = connection.NodeId;
        _interval = connection.Options.HeartbeatInterval;
        _nodeTimeout = connection.Options.NodeTimeout;
        _time = time;
        _logger = logger;
        _connection.Restored += () =>
        {
            _resyncNeeded = true;
            Signal();
        };
    }

    /// <inheritdoc />
    public int ActiveUsers => Volatile.Read(ref _total);

    /// <summary>The ids of the other live nodes this node knows (tests and diagnostics).</summary>
    public IReadOnlyCollection<string> RemoteNodes
    {
        get
        {
            lock (_gate)
            {
                return [.. _remote.Keys];
            }
        }
    }

    /// <inheritdoc />
    public PresenceEntry? Enter(PresenceEntry entry)
    {
        PresenceEntry? previous;
        lock (_gate)
        {
            if (_local.Remove(entry.UserId, out previous))
            {
                Uncount(previous);
            }

            _local[entry.UserId] = entry;
            Count(entry);
            _pending[entry.UserId] = entry;
        }

        Signal();
        return previous;
    }

    /// <inheritdoc />
    public PresenceEntry? Leave(string userId)
    {
        PresenceEntry? previous;
        lock (_gate)
        {
            if (!_local.Remove(userId, out previous))
            {
                return null;
            }

            Uncount(previous);
            _pending[userId] = null;
        }

        Signal();
        return previous;
    }

    /// <inheritdoc />
    public PresenceEntry? Get(string userId)
    {
        lock (_gate)
        {
            if (_local.TryGetValue(userId, out var entry))
            {
                return entry;
            }

            foreach (var node in _remote.Values)
            {
                if (node.TryGetValue(userId, out entry))
                {
                    return entry;
                }
            }

            return null;
        }
    }

    /// <inheritdoc />
    public int CountInRoom(string roomId)
    {
        lock (_gate)
        {
            return _counts.GetValueOrDefault(roomId);
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, int> RoomCounts()
    {
        lock (_gate)
        {
            return new Dictionary<string, int>(_counts, StringComparer.Ordinal);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or ObjectDisposedException or OperationCanceledException)
            {
                Log.WriteFailed(_logger, ex);
            }
        }

        // Leave the cluster now rather than after NodeTimeout: drop the heartbeat and the hash, and tell the others.
        if (_connection.TryGetMultiplexer() is { IsConnected: true } multiplexer)
        {
            try
            {
                var database = multiplexer.GetDatabase();
                await database.ScriptEvaluateAsync(LeaveScript, [_keys.Node(_nodeId), _keys.Nodes, _keys.PresenceOf(_nodeId)], [_nodeId])
                    .WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                await multiplexer.GetSubscriber().PublishAsync(_keys.Presence, PresenceCodec.WriteMessage(PresenceMessageKind.NodeLeft, _nodeId))
                    .WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                Log.LeftCluster(_logger, _nodeId);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException or ObjectDisposedException)
            {
                Log.WriteFailed(_logger, ex);
            }
        }
    }

    private void Signal() => _signal.Writer.TryWrite(true);

    private async Task RunAsync(CancellationToken stopping)
    {
        ConnectionMultiplexer multiplexer;
        try
        {
            multiplexer = await _connection.GetMultiplexerAsync().WaitAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var subscribed = false;
        var nextTick = _time.GetUtcNow();
        while (!stopping.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            if (now < nextTick)
            {
                using var wait = new CancellationTokenSource(nextTick - now, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(wait.Token, stopping);
                try
                {
                    await _signal.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    if (stopping.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }

            now = _time.GetUtcNow();
            var tick = now >= nextTick;
            if (tick)
            {
                nextTick = now + _interval;
            }

            if (!multiplexer.IsConnected)
            {
                // Whatever is pending will be covered by the full rewrite once Redis is back.
                _resyncNeeded = true;
                continue;
            }

            try
            {
                if (!subscribed)
                {
                    var queue = await multiplexer.GetSubscriber().SubscribeAsync(_keys.Presence).ConfigureAwait(false);
                    queue.OnMessage(OnMessage);
                    subscribed = true;
                }

                var database = multiplexer.GetDatabase();
                if (tick && await HeartbeatAsync(database).ConfigureAwait(false))
                {
                    // Our heartbeat was gone (Redis restarted, or we were presumed dead): rewrite everything.
                    _resyncNeeded = true;
                }

                if (_resyncNeeded)
                {
                    _resyncNeeded = false;
                    await ResyncAsync(database, multiplexer.GetSubscriber()).ConfigureAwait(false);
                }
                else
                {
                    await FlushAsync(database, multiplexer.GetSubscriber()).ConfigureAwait(false);
                }

                await RefreshAsync(database, sweep: tick).ConfigureAwait(false);
                if (_failing)
                {
                    _failing = false;
                    Log.WritesResumed(_logger);
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException or ObjectDisposedException)
            {
                // A command cancelled by a dropped (or closed) connection fails like any other: rewrite everything later.
                _resyncNeeded = true;
                if (!_failing)
                {
                    _failing = true;
                    Log.WriteFailed(_logger, ex);
                }
            }
        }
    }

    /// <summary>Renews the heartbeat; true when it had expired (our hash may be gone too).</summary>
    private async Task<bool> HeartbeatAsync(IDatabase database)
    {
        var ttl = (long)_nodeTimeout.TotalMilliseconds;
        var existed = await database.ScriptEvaluateAsync(HeartbeatScript, [_keys.Node(_nodeId), _keys.Nodes, _keys.PresenceOf(_nodeId)], [_nodeId, ttl])
            .ConfigureAwait(false);
        return (long)existed == 0;
    }

    /// <summary>Rewrites this node's whole hash from its entries, then asks the others to read it again.</summary>
    private async Task ResyncAsync(IDatabase database, ISubscriber subscriber)
    {
        HashEntry[] entries;
        lock (_gate)
        {
            // The snapshot covers every pending change.
            _pending.Clear();
            entries = [.. _local.Values.Select(e => new HashEntry(e.UserId, PresenceCodec.WriteEntry(e)))];
        }

        var key = _keys.PresenceOf(_nodeId);
        var transaction = database.CreateTransaction();
        _ = transaction.KeyDeleteAsync(key);
        if (entries.Length > 0)
        {
            _ = transaction.HashSetAsync(key, entries);
            _ = transaction.KeyExpireAsync(key, _nodeTimeout);
        }

        await transaction.ExecuteAsync().ConfigureAwait(false);
        await subscriber.PublishAsync(_keys.Presence, PresenceCodec.WriteMessage(PresenceMessageKind.Resync, _nodeId)).ConfigureAwait(false);
        Log.Resynchronized(_logger, _nodeId, entries.Length);
    }

    /// <summary>Writes the pending changes to the hash and publishes them.</summary>
    private async Task FlushAsync(IDatabase database, ISubscriber subscriber)
    {
        Dictionary<string, PresenceEntry?> pending;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            pending = _pending;
            _pending = new Dictionary<string, PresenceEntry?>(StringComparer.Ordinal);
        }

        var key = _keys.PresenceOf(_nodeId);
        var set = pending.Where(p => p.Value is not null).Select(p => new HashEntry(p.Key, PresenceCodec.WriteEntry(p.Value!))).ToArray();
        var removed = pending.Where(p => p.Value is null).Select(p => (RedisValue)p.Key).ToArray();
        var batch = database.CreateBatch();
        var writes = new List<Task>(3);
        if (set.Length > 0)
        {
            writes.Add(batch.HashSetAsync(key, set));
            writes.Add(batch.KeyExpireAsync(key, _nodeTimeout));
        }

        if (removed.Length > 0)
        {
            writes.Add(batch.HashDeleteAsync(key, removed));
        }

        batch.Execute();
        await Task.WhenAll(writes).ConfigureAwait(false);
        var changes = pending.Select(p => new PresenceChange(p.Key, p.Value)).ToArray();
        await subscriber.PublishAsync(_keys.Presence, PresenceCodec.WriteMessage(PresenceMessageKind.Changes, _nodeId, changes)).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the other nodes' hashes again: all of them on a tick (after sweeping dead nodes), otherwise only those
    /// that announced a resync.
    /// </summary>
    private async Task RefreshAsync(IDatabase database, bool sweep)
    {
        string[] nodes;
        if (sweep)
        {
            var members = await database.SetMembersAsync(_keys.Nodes).ConfigureAwait(false);
            var alive = new List<string>(members.Length);
            foreach (var member in members)
            {
                var id = (string)member!;
                if (id == _nodeId)
                {
                    continue;
                }

                var removed = await database.ScriptEvaluateAsync(SweepScript, [_keys.Node(id), _keys.Nodes, _keys.PresenceOf(id)], [id]).ConfigureAwait(false);
                if ((long)removed == 1)
                {
                    Log.NodeExpired(_logger, id);
                }
                else
                {
                    alive.Add(id);
                }
            }

            nodes = [.. alive];
            lock (_gate)
            {
                _refresh.Clear();
                foreach (var gone in _remote.Keys.Except(alive, StringComparer.Ordinal).ToArray())
                {
                    ForgetNode(gone);
                }
            }
        }
        else
        {
            lock (_gate)
            {
                if (_refresh.Count == 0)
                {
                    return;
                }

                nodes = [.. _refresh];
                _refresh.Clear();
            }
        }

        foreach (var node in nodes)
        {
            var hash = await database.HashGetAllAsync(_keys.PresenceOf(node)).ConfigureAwait(false);
            var entries = new Dictionary<string, PresenceEntry>(hash.Length, StringComparer.Ordinal);
            foreach (var field in hash)
            {
                try
                {
                    var userId = (string)field.Name!;
                    entries[userId] = PresenceCodec.ReadEntry(userId, (byte[])field.Value!);
                }
                catch (InvalidDataException ex)
                {
                    Log.BadMessage(_logger, ex);
                }
            }

            lock (_gate)
            {
                ReplaceNode(node, entries);
            }
        }
    }

    /// <summary>A presence-channel message (messages are handled one at a time, in order).</summary>
    private void OnMessage(ChannelMessage message)
    {
        PresenceMessage decoded;
        try
        {
            decoded = PresenceCodec.ReadMessage((byte[])message.Message!);
        }
        catch (InvalidDataException ex)
        {
            Log.BadMessage(_logger, ex);
            return;
        }

        if (decoded.NodeId == _nodeId)
        {
            return;
        }

        lock (_gate)
        {
            switch (decoded.Kind)
            {
                case PresenceMessageKind.Changes:
                    if (!_remote.TryGetValue(decoded.NodeId, out var node))
                    {
                        _remote[decoded.NodeId] = node = new Dictionary<string, PresenceEntry>(StringComparer.Ordinal);
                    }

                    foreach (var change in decoded.Changes)
                    {
                        if (node.Remove(change.UserId, out var old))
                        {
                            Uncount(old);
                        }

                        if (change.Entry is { } entry)
                        {
                            node[change.UserId] = entry;
                            Count(entry);
                        }
                    }

                    break;
                case PresenceMessageKind.Resync:
                    _refresh.Add(decoded.NodeId);
                    break;
                case PresenceMessageKind.NodeLeft:
                    ForgetNode(decoded.NodeId);
                    Log.NodeLeft(_logger, decoded.NodeId);
                    break;
            }
        }

        if (decoded.Kind == PresenceMessageKind.Resync)
        {
            Signal();
        }
    }

    // The helpers below run under _gate.

    private void ReplaceNode(string nodeId, Dictionary<string, PresenceEntry> entries)
    {
        ForgetNode(nodeId);
        _remote[nodeId] = entries;
        foreach (var entry in entries.Values)
        {
            Count(entry);
        }
    }

    private void ForgetNode(string nodeId)
    {
        if (_remote.Remove(nodeId, out var old))
        {
            foreach (var entry in old.Values)
            {
                Uncount(entry);
            }
        }
    }

    private void Count(PresenceEntry entry)
    {
        _counts[entry.RoomId] = _counts.GetValueOrDefault(entry.RoomId) + 1;
        _total++;
    }

    private void Uncount(PresenceEntry entry)
    {
        var count = _counts.GetValueOrDefault(entry.RoomId);
        if (count <= 1)
        {
            _counts.Remove(entry.RoomId);
        }
        else
        {
            _counts[entry.RoomId] = count - 1;
        }

        _total--;
    }
}
