using System.Collections.Immutable;
using System.Text;
using ChatService.Adapters.Redis;
using ChatService.Chat;
using ChatService.EngineIO;
using ChatService.SocketIO.Broadcasting;
using ChatService.SocketIO.Recovery;
using ChatService.Storage.Redis;

namespace ChatService.Tests.Adapters;

/// <summary>The wire formats between nodes: round trips, the documented bytes, and refusal of malformed input.</summary>
public sealed class RedisMessageCodecTests
{
    private static ImmutableHashSet<string> Set(params string[] items) => ImmutableHashSet.Create(StringComparer.Ordinal, items);

    [Test]
    public void ABroadcastRoundTripsWithRoomsExceptOffsetAndAttachments()
    {
        var packet = new OutboundMessage(Encoding.UTF8.GetBytes("451-[\"file\",{\"_placeholder\":true,\"num\":0}]"), isBinary: false, [new byte[] { 1, 2, 3 }]);
        var options = new BroadcastOptions(Set("general", "support"), Set("sid-1"), Local: false);

        var decoded = RedisMessageCodec.ReadBroadcast(RedisMessageCodec.WriteBroadcast("node-a", packet, options, "42"));

        Assert.That(decoded.ServerId, Is.EqualTo("node-a"));
        Assert.That(decoded.Options.Rooms, Is.EquivalentTo(new[] { "general", "support" }));
        Assert.That(decoded.Options.ExceptRooms, Is.EquivalentTo(new[] { "sid-1" }));
        Assert.That(decoded.Options.Local, Is.False);
        Assert.That(decoded.Offset, Is.EqualTo("42"));
        Assert.That(decoded.Packet.IsBinary, Is.False);
        Assert.That(decoded.Packet.Data.ToArray(), Is.EqualTo(packet.Data.ToArray()));
        Assert.That(decoded.Packet.Attachments!.Select(a => a.ToArray()), Is.EqualTo(new[] { new byte[] { 1, 2, 3 } }));
    }

    [Test]
    public void ABroadcastToEveryoneWithoutOffsetHasTheDocumentedBytes()
    {
        var bytes = RedisMessageCodec.WriteBroadcast("n", OutboundMessage.Text("4x"u8.ToArray()), BroadcastOptions.All, offset: null);

        // version 1, "n", flags 0, no rooms, no except-rooms, block "4x", no attachments
        Assert.That(bytes, Is.EqualTo(new byte[] { 1, 1, (byte)'n', 0, 0, 0, 2, (byte)'4', (byte)'x', 0 }));
        var decoded = RedisMessageCodec.ReadBroadcast(bytes);
        Assert.That(decoded.Options.Rooms, Is.Empty);
        Assert.That(decoded.Offset, Is.Null);
        Assert.That(decoded.Packet.Attachments, Is.Null);
    }

    [Test]
    public void ABinaryPacketKeepsItsFlag()
    {
        var decoded = RedisMessageCodec.ReadBroadcast(RedisMessageCodec.WriteBroadcast("n", OutboundMessage.Binary(new byte[300]), BroadcastOptions.All, null));
        Assert.That(decoded.Packet.IsBinary, Is.True);
        Assert.That(decoded.Packet.Data.Length, Is.EqualTo(300));
    }

    [TestCase(new byte[0])]
    [TestCase(new byte[] { 2, 0 })]
    [TestCase(new byte[] { 1, 5, (byte)'n' })]
    [TestCase(new byte[] { 1, 1, (byte)'n', 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]
    [TestCase(new byte[] { 1, 1, (byte)'n', 0, 0, 0, 2, (byte)'4', (byte)'x', 0, 9 })]
    public void MalformedBroadcastsAreRefused(byte[] bytes) =>
        Assert.Throws<InvalidDataException>(() => RedisMessageCodec.ReadBroadcast(bytes));

    [Test]
    public void ASessionRoundTrips()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_773_489_600_123);
        var state = new SocketSessionState("pid-1", "sid-1", "/", ["general", "x"], "{\"room\":\"general\"}"u8.ToArray(), at);

        var decoded = RedisMessageCodec.ReadSession(RedisMessageCodec.WriteSession(state));

        Assert.That(decoded with { Data = default, Rooms = [] }, Is.EqualTo(state with { Data = default, Rooms = [] }));
        Assert.That(decoded.Rooms, Is.EqualTo(state.Rooms));
        Assert.That(decoded.Data.ToArray(), Is.EqualTo(state.Data.ToArray()));
    }

    [Test]
    public void PresenceMessagesAndEntriesRoundTrip()
    {
        var since = DateTimeOffset.FromUnixTimeMilliseconds(1_773_489_600_000);
        var entry = new PresenceEntry("sid-1", "Ana Ção", "general", since);
        var changes = new[] { new PresenceChange("sid-1", entry), new PresenceChange("sid-2", null) };

        var message = PresenceCodec.ReadMessage(PresenceCodec.WriteMessage(PresenceMessageKind.Changes, "node-a", changes));
        var resync = PresenceCodec.ReadMessage(PresenceCodec.WriteMessage(PresenceMessageKind.Resync, "node-b"));

        Assert.That(message.Kind, Is.EqualTo(PresenceMessageKind.Changes));
        Assert.That(message.NodeId, Is.EqualTo("node-a"));
        Assert.That(message.Changes, Is.EqualTo(changes));
        Assert.That(resync.Kind, Is.EqualTo(PresenceMessageKind.Resync));
        Assert.That(resync.Changes, Is.Empty);
        Assert.That(PresenceCodec.ReadEntry("sid-1", PresenceCodec.WriteEntry(entry)), Is.EqualTo(entry));
        Assert.Throws<InvalidDataException>(() => PresenceCodec.ReadMessage([1, 9, 0]));
    }
}
