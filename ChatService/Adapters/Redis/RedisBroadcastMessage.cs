using ChatService.EngineIO;
using ChatService.SocketIO.Broadcasting;

namespace ChatService.Adapters.Redis;

/// <summary>A broadcast as it travels between nodes: who sent it, who it targets, and the encoded packet.</summary>
/// <param name="ServerId">The node that published it (a node ignores its own messages).</param>
/// <param name="Options">The targets (rooms, except-rooms); <see cref="BroadcastOptions.Local"/> is never set on the wire.</param>
/// <param name="Offset">The recovery offset of the packet, when it carries one.</param>
/// <param name="Packet">The encoded Engine.IO packet and its attachments.</param>
internal sealed record RedisBroadcastMessage(string ServerId, BroadcastOptions Options, string? Offset, OutboundMessage Packet);
