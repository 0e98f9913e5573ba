using ChatService.SocketIO;
using ChatService.SocketIO.Recovery;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatService.Adapters.Redis;

/// <summary>
/// Disconnected sessions in Redis, so that a client recovers its session on any node and after a node restart. Each
/// session is one key (<see cref="RedisChannels.Session"/>) that expires with the recovery window; taking it is one
/// atomic <c>GETDEL</c>, so two nodes can never recover the same session.
/// </summary>
/// <remarks>When Redis is unreachable, sessions are not kept (those clients start a new session, as after a restart
/// without recovery); nothing fails.</remarks>
internal sealed partial class RedisSocketSessionStore : ISocketSessionStore
{
    private readonly RedisConnection _connection;
    private readonly TimeSpan _window;
    private readonly ILogger _logger;

    public RedisSocketSessionStore(RedisConnection connection, IOptions<SocketIOOptions> options, ILogger<RedisSocketSessionStore> logger)
    {
        _connection = connection;
        _window = options.Value.ConnectionStateRecovery.MaxDisconnectionDuration;
        _logger = logger;
    }

    public async ValueTask SaveAsync(SocketSessionState state, CancellationToken cancellationToken)
    {
        if (_connection.TryGetMultiplexer() is not { IsConnected: true } multiplexer)
        {
            Log.SessionNotSaved(_logger, state.SocketId, null);
            return;
        }

        try
        {
            await multiplexer.GetDatabase()
                .StringSetAsync(_connection.Channels.Session(state.Pid), RedisMessageCodec.WriteSession(state), _window)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.SessionNotSaved(_logger, state.SocketId, ex);
        }
    }

    public async ValueTask<SocketSessionState?> TakeAsync(string pid, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        if (_connection.TryGetMultiplexer() is not { IsConnected: true } multiplexer)
        {
            return null;
        }

        try
        {
            var value = await multiplexer.GetDatabase().StringGetDeleteAsync(_connection.Channels.Session(pid))
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            if (value.IsNull)
            {
                return null;
            }

            var state = RedisMessageCodec.ReadSession((byte[])value!);
            return state.Pid == pid && state.DisconnectedAt >= notBefore ? state : null;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or InvalidDataException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.SessionNotRead(_logger, ex);
            return null;
        }
    }
}
