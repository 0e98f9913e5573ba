using ChatService.EngineIO;
using ChatService.EngineIO.Protocol;
using ChatService.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChatService.Tests.EngineIO;

/// <summary>
/// The server's one heartbeat timer for all its sessions, on a fake clock: every session is pinged and timed out on
/// its own schedule, exactly as with a timer of its own, and a closed session leaves nothing behind.
/// </summary>
public sealed class HeartbeatSchedulerTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    private FakeTimeProvider _time = null!;
    private RecordingEngineIOHandler _handler = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
        _handler = new RecordingEngineIOHandler();
    }

    private EngineIOServer CreateServer(int intervalMs = 300, int timeoutMs = 200) =>
        new(new EngineIOOptions { PingInterval = TimeSpan.FromMilliseconds(intervalMs), PingTimeout = TimeSpan.FromMilliseconds(timeoutMs) },
            _handler, _time, NullLogger<EngineIOServer>.Instance);

    /// <summary>Opens <paramref name="count"/> sessions, the clock moved by <paramref name="step"/> after each.</summary>
    private async Task<List<EngineIOSession>> OpenSessionsAsync(EngineIOServer server, int count, TimeSpan step = default)
    {
        var sessions = new List<EngineIOSession>();
        for (var i = 0; i < count; i++)
        {
            sessions.Add(await server.OpenPollingSessionAsync());
            _time.Advance(step);
        }

        return sessions;
    }

    private static Task<bool> PongAsync(EngineIOSession session) =>
        session.ReceiveAsync(new InboundPacket(EngineIOPacketType.Pong, default, false)).AsTask().DefaultTimeout();

    [Test]
    public async Task ManySessionsAreEachPingedOneIntervalAfterTheirOwnHandshake()
    {
        var server = CreateServer();
        var sessions = await OpenSessionsAsync(server, 50, Step);

        // Session i opened at i ms: its ping is due at 300 + i ms. Now it is 50 ms.
        _time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.That(sessions.Sum(s => s.DrainOutbound().Count), Is.Zero, "no ping before its time");

        for (var i = 0; i < sessions.Count; i++)
        {
            _time.Advance(Step);
            var pinged = sessions.Select((s, index) => (Index: index, Packets: s.DrainOutbound())).Where(p => p.Packets.Count > 0).ToList();
            Assert.That(pinged.Select(p => p.Index), Is.EqualTo(new[] { i }), $"at {300 + i} ms only session {i} is pinged");
            Assert.That(pinged[0].Packets, Is.EqualTo(new[] { "2" }));
        }
    }

    [Test]
    public async Task OnlyTheSessionsThatDidNotAnswerAreClosedAtTheirDeadline()
    {
        var server = CreateServer();
        var sessions = await OpenSessionsAsync(server, 20);

        _time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.That(sessions.All(s => s.DrainOutbound().SequenceEqual(["2"])), Is.True, "everyone pinged");

        _time.Advance(TimeSpan.FromMilliseconds(100));
        var answering = sessions.Where((_, i) => i % 2 == 0).ToList();
        foreach (var session in answering)
        {
            Assert.That(await PongAsync(session), Is.True);
        }

        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.That(_handler.Closed, Is.Empty, "nobody before the deadline");

        _time.Advance(Step);
        Assert.Multiple(() =>
        {
            Assert.That(_handler.Closed.Select(c => c.Sid), Is.EquivalentTo(sessions.Except(answering).Select(s => s.Id)));
            Assert.That(_handler.Closed.Select(c => c.Reason), Has.All.EqualTo(EngineIOCloseReason.PingTimeout));
            Assert.That(answering.Select(s => s.IsClosed), Has.All.False);
        });

        // The ones that answered (at 400 ms) are pinged again one interval after their pong.
        _time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.That(answering.Sum(s => s.DrainOutbound().Count), Is.Zero);
        _time.Advance(Step);
        Assert.That(answering.All(s => s.DrainOutbound().SequenceEqual(["2"])), Is.True);
    }

    [Test]
    public async Task AClosedSessionIsDroppedAndNeverPinged()
    {
        var server = CreateServer();
        var sessions = await OpenSessionsAsync(server, 10);

        Assert.That(server.Heartbeats.Count, Is.EqualTo(10));
        var closed = sessions.Take(5).ToList();
        foreach (var session in closed)
        {
            session.Close(EngineIOCloseReason.ForcedClose);
            session.DrainOutbound();
        }

        Assert.That(server.Heartbeats.Count, Is.EqualTo(5), "closing unlinks at once");

        _time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Multiple(() =>
        {
            Assert.That(closed.Sum(s => s.DrainOutbound().Count), Is.Zero);
            Assert.That(sessions.Skip(5).All(s => s.DrainOutbound().SequenceEqual(["2"])), Is.True);
        });

        foreach (var session in sessions.Skip(5))
        {
            session.Close(EngineIOCloseReason.ForcedClose);
        }

        Assert.That(server.Heartbeats.Count, Is.Zero);
    }

    [Test]
    public async Task APingDueBeforeAPendingDeadlineIsNotLate()
    {
        // A timeout longer than the interval: the second session's ping falls before the first one's deadline.
        var server = CreateServer(intervalMs: 300, timeoutMs: 1000);
        var first = await server.OpenPollingSessionAsync();
        _time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.That(first.DrainOutbound(), Is.EqualTo(new[] { "2" }));

        _time.Advance(TimeSpan.FromMilliseconds(100));
        var second = await server.OpenPollingSessionAsync();
        _time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.That(second.DrainOutbound(), Is.Empty);
        _time.Advance(Step);
        Assert.That(second.DrainOutbound(), Is.EqualTo(new[] { "2" }));

        _time.Advance(TimeSpan.FromMilliseconds(599));
        Assert.That(first.IsClosed, Is.False);
        _time.Advance(Step);
        Assert.That(first.IsClosed, Is.True, "the first deadline still holds: 300 + 1000 ms");
    }

    [Test]
    public async Task APongBeforeTheDeadlineReplacesItsEvent()
    {
        var server = CreateServer();
        var session = await server.OpenPollingSessionAsync();
        _time.Advance(TimeSpan.FromMilliseconds(300));
        session.DrainOutbound();

        Assert.That(await PongAsync(session), Is.True);
        Assert.That(server.Heartbeats.Count, Is.EqualTo(1), "one event per session: the next ping");

        // Past the old deadline: nothing happens until the next ping, 300 ms after the pong.
        _time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.Multiple(() =>
        {
            Assert.That(session.IsClosed, Is.False);
            Assert.That(session.DrainOutbound(), Is.Empty);
        });
        _time.Advance(Step);
        Assert.That(session.DrainOutbound(), Is.EqualTo(new[] { "2" }));
    }
}
