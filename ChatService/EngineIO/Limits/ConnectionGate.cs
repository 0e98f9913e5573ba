using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;

namespace ChatService.EngineIO.Limits;

/// <summary>
/// Admission control for handshakes: the total number of sessions, the number per address, and a token
/// bucket of handshakes per address (System.Threading.RateLimiting, one shared replenishment timer, idle
/// partitions dropped). Checked before a polling session is created or a WebSocket accepted.
/// </summary>
internal sealed partial class ConnectionGate : IDisposable
{
    private readonly EngineIOLimitsOptions _options;
    private readonly ILogger _logger;
    private readonly PartitionedRateLimiter<string> _handshakes;
    private readonly Dictionary<string, int> _perAddress = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeSpan _replenishment;
    private int _total;

    public ConnectionGate(EngineIOLimitsOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _replenishment = TimeSpan.FromSeconds(1 / options.HandshakesPerSecondPerAddress);
        _handshakes = PartitionedRateLimiter.Create<string, string>(
            key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.HandshakeBurstPerAddress,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = _replenishment,
                QueueLimit = 0,
                AutoReplenishment = true,
            }),
            StringComparer.Ordinal);
    }

    /// <summary>How many sessions are counted now.</summary>
    public int Count => Volatile.Read(ref _total);

    /// <summary>Admits a handshake from <paramref name="address"/> and returns its slot, or null with the refusal.</summary>
    public ConnectionSlot? TryEnter(IPAddress? address, out ConnectionRefusal refusal)
    {
        var key = AddressKey(address);
        refusal = default;
        if (key is not null)
        {
            using var lease = _handshakes.AttemptAcquire(key);
            if (!lease.IsAcquired)
            {
                var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : _replenishment;
                refusal = ConnectionRefusal.TooManyHandshakes(retry);
                Log.HandshakeRateExceeded(_logger, key);
                return null;
            }
        }

        lock (_lock)
        {
            if (_total >= _options.MaxConnections)
            {
                refusal = ConnectionRefusal.ServerFull;
            }
            else if (key is not null && _perAddress.GetValueOrDefault(key) >= _options.MaxConnectionsPerAddress)
            {
                refusal = ConnectionRefusal.TooManyConnections;
            }
            else
            {
                _total++;
                if (key is not null)
                {
                    _perAddress[key] = _perAddress.GetValueOrDefault(key) + 1;
                }

                return new ConnectionSlot(this, key);
            }
        }

        if (refusal.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            Log.ServerFull(_logger, _options.MaxConnections);
        }
        else
        {
            Log.AddressFull(_logger, key!, _options.MaxConnectionsPerAddress);
        }

        return null;
    }

    public void Release(string? key)
    {
        lock (_lock)
        {
            _total--;
            if (key is not null && _perAddress.TryGetValue(key, out var count))
            {
                if (count <= 1)
                {
                    _perAddress.Remove(key);
                }
                else
                {
                    _perAddress[key] = count - 1;
                }
            }
        }
    }

    public void Dispose() => _handshakes.Dispose();

    /// <summary>
    /// The key an address counts against: IPv4 as is (IPv4-mapped IPv6 unwrapped), IPv6 by its /64 prefix
    /// (one subscriber's allocation), "unknown" without an address; null when exempt (loopback).
    /// </summary>
    internal string? AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (!_options.LimitLoopback && IPAddress.IsLoopback(address))
        {
            return null;
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
