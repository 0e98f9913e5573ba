using ChatService.EngineIO;
using ChatService.EngineIO.Protocol;
using ChatService.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChatService.Tests.EngineIO;

/// <summary>The session's heartbeat and queue rules, on a fake clock (no sockets).</summary>
public sealed class EngineIOSessionTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    private FakeTimeProvider _time = null!;
    private RecordingEngineIOHandler _handler = null!;
    private EngineIOServer _server = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
        _handler = new RecordingEngineIOHandler();
        var options = new EngineIOOptions { PingInterval = Interval, PingTimeout = Timeout, MaxOutboundQueue = 16 };
        _server = new EngineIOServer(options, _handler, _time, NullLogger<EngineIOServer>.Instance);
    }

    private Task<EngineIOSession> OpenAsync() => _server.OpenPollingSessionAsync();

    [Test]
    public async Task FirstPingIsQueuedOnePingIntervalAfterTheHandshake()
    {
        var session = await OpenAsync();

        _time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.That(session.DrainOutbound(), Is.Empty);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(session.DrainOutbound(), Is.EqualTo(new[] { "2" }));
    }

    [Test]
    public async Task PongKeepsTheSessionAndTheNextPingFollowsOneIntervalAfterIt()
    {
        var session = await OpenAsync();
        _time.Advance(Interval);
        Assert.That(session.DrainOutbound(), Is.EqualTo(new[] { "2" }));

        _time.Advance(TimeSpan.FromMilliseconds(150));
        Assert.That(await session.ReceiveAsync(new InboundPacket(EngineIOPacketType.Pong, default, false)).DefaultTimeout(), Is.True);

        _time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.That(session.DrainOutbound(), Is.Empty);
        Assert.That(session.IsClosed, Is.False, "the pong cancelled the timeout");

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(session.DrainOutbound(), Is.EqualTo(new[] { "2" }));
    }

    [Test]
    public async Task MissingPongClosesTheSessionAtPingIntervalPlusPingTimeout()
    {
        var session = await OpenAsync();

        _time.Advance(Interval + Timeout - TimeSpan.FromMilliseconds(1));
        Assert.That(session.IsClosed, Is.False);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Multiple(() =>
        {
            Assert.That(session.IsClosed, Is.True);
            Assert.That(_handler.Closed, Is.EqualTo(new[] { (session.Id, EngineIOCloseReason.PingTimeout) }));
            Assert.That(session.DrainOutbound(), Is.EqualTo(new[] { "2", "1" }), "the ping, then the close packet");
            Assert.That(session.Outbound.IsCompleted, Is.True);
            Assert.That(_server.TryGetSession(session.Id, out _), Is.False);
        });
    }

    [Test]
    public async Task ExpiredSessionIsClosedWhenARequestChecksIt()
    {
        var session = await OpenAsync();
        _time.Advance(Interval);

        Assert.That(session.CheckAlive(), Is.True);
        _time.Advance(Timeout);

        Assert.That(session.CheckAlive(), Is.False);
        Assert.That(_handler.Closed.Single().Reason, Is.EqualTo(EngineIOCloseReason.PingTimeout));
    }

    [Test]
    public async Task MessagesReachTheHandlerInOrder()
    {
        var session = await OpenAsync();

        await session.ReceiveAsync(new InboundPacket(EngineIOPacketType.Message, "a"u8.ToArray(), false)).DefaultTimeout();
        await session.ReceiveAsync(new InboundPacket(EngineIOPacketType.Message, new byte[] { 1 }, true)).DefaultTimeout();

        Assert.That(_handler.Messages, Is.EqualTo(new[] { "text a", "binary 01" }));
    }

    [TestCase(EngineIOPacketType.Ping)]
    [TestCase(EngineIOPacketType.Open)]
    [TestCase(EngineIOPacketType.Upgrade)]
    public async Task PacketAClientMayNotSendClosesTheSession(EngineIOPacketType type)
    {
        var session = await OpenAsync();

        Assert.That(await session.ReceiveAsync(new InboundPacket(type, default, false)).DefaultTimeout(), Is.False);

        Assert.That(_handler.Closed.Single().Reason, Is.EqualTo(EngineIOCloseReason.ParseError));
    }

    [Test]
    public async Task ClosePacketFromAPollingClientLeavesANoopForThePendingPoll()
    {
        var session = await OpenAsync();

        Assert.That(await session.ReceiveAsync(new InboundPacket(EngineIOPacketType.Close, default, false)).DefaultTimeout(), Is.False);

        Assert.That(_handler.Closed.Single().Reason, Is.EqualTo(EngineIOCloseReason.TransportClose));
        Assert.That(session.DrainOutbound(), Is.EqualTo(new[] { "6" }));
    }

    [Test]
    public async Task OverflowingTheOutboundQueueClosesTheSlowConsumer()
    {
        var session = await OpenAsync();

        for (var i = 0; i < 16; i++)
        {
            Assert.That(session.TrySend(OutboundMessage.Text("4x"u8.ToArray())), Is.True, $"message {i}");
        }

        Assert.That(session.TrySend(OutboundMessage.Text("4x"u8.ToArray())), Is.False);
        Assert.That(_handler.Closed.Single().Reason, Is.EqualTo(EngineIOCloseReason.SlowConsumer));
    }

    [Test]
    public async Task CloseIsIdempotentAndTheHandlerHearsOfItOnce()
    {
        var session = await OpenAsync();

        session.Close(EngineIOCloseReason.ForcedClose);
        session.Close(EngineIOCloseReason.ServerShutdown);

        Assert.That(_handler.Closed, Is.EqualTo(new[] { (session.Id, EngineIOCloseReason.ForcedClose) }));
        Assert.That(session.Closed.IsCancellationRequested, Is.True);
        Assert.That(session.TrySend(OutboundMessage.Text("4late"u8.ToArray())), Is.False);
    }

    [Test]
    public async Task TheClosedTokenTakenBeforeTheCloseIsCancelledByIt()
    {
        var session = await OpenAsync();
        var closed = session.Closed;
        Assert.That(closed.IsCancellationRequested, Is.False);

        session.Close(EngineIOCloseReason.ForcedClose);

        Assert.That(closed.IsCancellationRequested, Is.True);
    }

    [Test]
    public async Task NoPingIsSentAfterTheSessionClosed()
    {
        var session = await OpenAsync();
        session.Close(EngineIOCloseReason.ForcedClose);
        session.DrainOutbound();

        _time.Advance(Interval * 3);

        Assert.That(session.DrainOutbound(), Is.Empty);
    }
}
