using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace ChatService.Adapters.Redis;

/// <summary>
/// Every Redis channel and key name, in one place. With the default prefix <c>integracao-chat</c>:
/// <list type="table">
///   <item><term><c>integracao-chat#broadcast#/</c></term><description>channel: broadcasts of namespace <c>/</c> (<see cref="RedisMessageCodec"/>)</description></item>
///   <item><term><c>integracao-chat#presence</c></term><description>channel: presence changes (enter, leave, resync, node left)</description></item>
///   <item><term><c>integracao-chat:nodes</c></term><description>set: ids of the nodes that announced themselves</description></item>
///   <item><term><c>integracao-chat:node:{id}</c></term><description>string with a TTL of <c>NodeTimeout</c>: the node's heartbeat</description></item>
///   <item><term><c>integracao-chat:presence:{id}</c></term><description>hash: the node's connections in a room (socket id → entry)</description></item>
///   <item><term><c>integracao-chat:session:{pid}</c></term><description>string with a TTL: a disconnected session waiting to be recovered</description></item>
/// </list>
/// </summary>
internal sealed class RedisChannels
{
    private readonly string _prefix;

    public RedisChannels(string prefix)
    {
        _prefix = prefix;
        Presence = RedisChannel.Literal(prefix + "#presence");
        Nodes = prefix + ":nodes";
    }

    /// <summary>The presence channel.</summary>
    public RedisChannel Presence { get; }

    /// <summary>The set of node ids.</summary>
    public RedisKey Nodes { get; }

    /// <summary>The broadcast channel of a namespace.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RedisChannel Broadcast(string ns) => RedisChannel.Literal(_prefix + "#broadcast#" + ns);

    /// <summary>The heartbeat key of a node.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RedisKey Node(string nodeId) => _prefix + ":node:" + nodeId;

    /// <summary>The presence hash of a node.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RedisKey PresenceOf(string nodeId) => _prefix + ":presence:" + nodeId;

    /// <summary>The key of a disconnected session.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RedisKey Session(string pid) => _prefix + ":session:" + pid;
}
