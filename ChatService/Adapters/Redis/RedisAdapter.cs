using ChatService.EngineIO;
using ChatService.SocketIO;
using ChatService.SocketIO.Adapters;
using ChatService.SocketIO.Broadcasting;
using StackExchange.Redis;

namespace ChatService.Adapters.Redis;

/// <summary>
/// Rooms and broadcasts of one namespace across several nodes, through Redis pub/sub.
/// </summary>
/// <remarks>
/// <para><b>How does it work?</b> Each node keeps its own sockets' rooms in an <see cref="InMemoryAdapter"/>. A broadcast is
/// handled in this host first (the local targets get the packet at once, whatever Redis is doing), then, unless it is
/// <see cref="BroadcastOptions.Local"/>, other hosts are notified: the already-encoded packet is published once on the
/// namespace's channel (<see cref="RedisChannels.Broadcast"/>) together with its rooms, except-rooms and offset, tagged
/// with this node's id (<see cref="RedisMessageCodec"/> documents the bytes). Every node subscribes to that channel,
/// ignores its own messages, and delivers the others' to its local targets with the same rules. Socket ids are rooms,
/// so <c>Except(socketId)</c> and <c>To(socketId)</c> work across nodes too.</para>
/// <para><b>Redis outage.</b> Publishing never waits: while Redis is unreachable, cross-node copies are dropped (one
/// warning per outage; clients that missed messages get them from history or connection state recovery) and local
/// delivery goes on. The multiplexer reconnects by itself and restores the subscription; cross-node delivery resumes.</para>
/// <para>Room queries (<see cref="GetRooms"/>, <see cref="GetSockets"/>, <see cref="CountInRoom"/>) answer for this node;
/// the chat's cluster-wide counts come from its presence store.</para>
/// </remarks>
internal sealed partial class RedisAdapter : SocketIOAdapter, IDisposable
{
    private readonly InMemoryAdapter _local;
    private readonly RedisConnection _connection;
    private readonly RedisChannel _channel;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ChannelMessageQueue? _subscription;
    private int _publishFailing;

    public RedisAdapter(SocketIONamespace ns, RedisConnection connection, ILogger<RedisAdapter> logger)
        : base(ns)
    {
        _local = new InMemoryAdapter(ns);
        _connection = connection;
        _logger = logger;
        _channel = connection.Channels.Broadcast(ns.Name);
        _connection.Restored += () => Interlocked.Exchange(ref _publishFailing, 0);
        _ = SubscribeAsync();
    }

    /// <summary>Completes once this node listens to the other nodes' broadcasts (tests wait for it).</summary>
    public Task Subscribed => _subscribed.Task;

    /// <inheritdoc />
    public override void AddToRoom(SocketContext socket, string room) => _local.AddToRoom(socket, room);

    /// <inheritdoc />
    public override void RemoveFromRoom(SocketContext socket, string room) => _local.RemoveFromRoom(socket, room);

    /// <inheritdoc />
    public override void RemoveFromAllRooms(SocketContext socket) => _local.RemoveFromAllRooms(socket);

    /// <inheritdoc />
    public override IReadOnlyCollection<string> GetRooms(string socketId) => _local.GetRooms(socketId);

    /// <inheritdoc />
    public override IReadOnlyCollection<SocketContext> GetSockets(BroadcastOptions options) => _local.GetSockets(options);

    /// <inheritdoc />
    public override int CountInRoom(string room) => _local.CountInRoom(room);

    /// <inheritdoc />
    public override ValueTask BroadcastAsync(OutboundMessage packet, BroadcastOptions options, string? offset = null)
    {
        // Handle in this host: local targets never wait for Redis.
        var local = _local.BroadcastAsync(packet, options, offset);
        if (!options.Local)
        {
            // Notify other hosts.
            Publish(packet, options, offset);
        }

        return local;
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _subscription?.Unsubscribe(CommandFlags.FireAndForget);
    }

    private void Publish(in OutboundMessage packet, BroadcastOptions options, string? offset)
    {
        var multiplexer = _connection.TryGetMultiplexer();
        if (multiplexer is null || !multiplexer.IsConnected)
        {
            PublishFailed(null);
            return;
        }

        try
        {
            var message = RedisMessageCodec.WriteBroadcast(_connection.NodeId, packet, options, offset);
            multiplexer.GetSubscriber().Publish(_channel, message, CommandFlags.FireAndForget);
            Interlocked.Exchange(ref _publishFailing, 0);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            PublishFailed(ex);
        }
    }

    private void PublishFailed(Exception? exception)
    {
        // One warning per outage, not one per message.
        if (Interlocked.Exchange(ref _publishFailing, 1) == 0)
        {
            Log.PublishSkipped(_logger, Namespace.Name, exception);
        }
    }

    private async Task SubscribeAsync()
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!_disposed.IsCancellationRequested)
        {
            try
            {
                var multiplexer = await _connection.GetMultiplexerAsync().ConfigureAwait(false);
                // The multiplexer restores this subscription by itself after a reconnect.
                var queue = await multiplexer.GetSubscriber().SubscribeAsync(_channel).ConfigureAwait(false);
                queue.OnMessage(OnMessage);
                _subscription = queue;
                Log.Subscribed(_logger, Namespace.Name);
                _subscribed.TrySetResult();
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Log.SubscribeFailed(_logger, Namespace.Name, ex);
            }

            try
            {
                await Task.Delay(delay, _disposed.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    /// <summary>A message from the channel (messages are handled one at a time, in order).</summary>
    private void OnMessage(ChannelMessage message)
    {
        RedisBroadcastMessage broadcast;
        try
        {
            broadcast = RedisMessageCodec.ReadBroadcast((byte[])message.Message!);
        }
        catch (InvalidDataException ex)
        {
            Log.BadMessage(_logger, Namespace.Name, ex);
            return;
        }

        if (broadcast.ServerId == _connection.NodeId)
        {
            // Ours: already delivered locally when it was sent.
            return;
        }

        _ = _local.BroadcastAsync(broadcast.Packet, broadcast.Options, broadcast.Offset);
    }
}
