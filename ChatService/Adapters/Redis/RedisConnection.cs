using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatService.Adapters.Redis;

/// <summary>
/// The node's one connection to Redis (a StackExchange.Redis multiplexer shared by the adapter, presence and the
/// session store) and the node's identity in the cluster.
/// </summary>
/// <remarks>
/// The connection is opened in the background when the node starts and never aborts: while Redis is unreachable the
/// multiplexer keeps retrying, commands fail fast (no backlog that would replay stale broadcasts later), and every
/// user of this type carries on locally. When the connection comes back, subscriptions are restored by the
/// multiplexer and <see cref="Restored"/> tells the others to resynchronize.
/// </remarks>
internal sealed partial class RedisConnection : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly Task<ConnectionMultiplexer> _connecting;
    private readonly string _endpoints;

    public RedisConnection(IOptions<RedisAdapterOptions> options, ILogger<RedisConnection> logger)
    {
        _logger = logger;
        var settings = options.Value;
        NodeId = string.IsNullOrWhiteSpace(settings.NodeId) ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) : settings.NodeId;
        Channels = new RedisChannels(settings.ChannelPrefix);
        Options = settings;

        var configuration = ConfigurationOptions.Parse(settings.Configuration ?? throw new InvalidOperationException("Redis:Configuration is not set."));
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "chat-" + NodeId;
        // Try again every second while Redis is away, so that delivery resumes soon after it is back.
        configuration.ReconnectRetryPolicy = new LinearRetry(1000);
        _endpoints = string.Join(",", configuration.EndPoints.Select(e => e.ToString()));
        _connecting = ConnectAsync(configuration);
    }

    /// <summary>This node's id (random per start unless configured).</summary>
    public string NodeId { get; }

    /// <summary>Channel and key names.</summary>
    public RedisChannels Channels { get; }

    /// <summary>The options.</summary>
    public RedisAdapterOptions Options { get; }

    /// <summary>Raised (on a thread-pool thread) when the connection to Redis comes back after a failure.</summary>
    public event Action? Restored;

    /// <summary>Whether the connection to Redis is up now.</summary>
    public bool IsConnected => _connecting.IsCompletedSuccessfully && _connecting.Result.IsConnected;

    /// <summary>The multiplexer once created (it may still be disconnected).</summary>
    public Task<ConnectionMultiplexer> GetMultiplexerAsync() => _connecting;

    /// <summary>The multiplexer if it was created, otherwise null (never blocks).</summary>
    public ConnectionMultiplexer? TryGetMultiplexer() => _connecting.IsCompletedSuccessfully ? _connecting.Result : null;

    public async ValueTask DisposeAsync()
    {
        try
        {
            var multiplexer = await _connecting.ConfigureAwait(false);
            await multiplexer.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
            multiplexer.Dispose();
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException or InvalidOperationException)
        {
            Log.CloseFailed(_logger, ex);
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration)
    {
        // Off the caller's thread: the first attempt may wait up to the connect timeout when Redis is down.
        await Task.Yield();
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        multiplexer.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                Log.ConnectionLost(_logger, _endpoints, e.FailureType.ToString(), e.Exception);
            }
        };
        multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                Log.ConnectionRestored(_logger, _endpoints);
                Restored?.Invoke();
            }
        };

        if (multiplexer.IsConnected)
        {
            Log.Connected(_logger, _endpoints, NodeId);
        }
        else
        {
            Log.NotYetConnected(_logger, _endpoints, NodeId);
        }

        return multiplexer;
    }
}
