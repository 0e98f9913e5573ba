using System.Text;
using ChatService.EngineIO;
using ChatService.Tests.Infrastructure;

namespace ChatService.Tests.EngineIO;

/// <summary>The session queue: bounded enqueue, batches, one wake-up per arming, the poll's wait, completion.</summary>
public sealed class OutboundQueueTests
{
    private static OutboundMessage Packet(string text) => OutboundMessage.Text(Encoding.UTF8.GetBytes(text));

    private static string[] Take(OutboundQueue queue, int max = 64)
    {
        var batch = new OutboundMessage[max];
        var n = queue.TakeBatch(batch);
        return batch.Take(n).Select(m => Encoding.UTF8.GetString(m.Data.Span)).ToArray();
    }

    [Test]
    public void PacketsComeOutInOrderAcrossTheRingBuffersGrowth()
    {
        var queue = new OutboundQueue();
        for (var i = 0; i < 5; i++)
        {
            queue.TryEnqueue(Packet($"a{i}"));
        }

        Assert.That(Take(queue, 3), Is.EqualTo(new[] { "a0", "a1", "a2" }));
        for (var i = 0; i < 20; i++)
        {
            queue.TryEnqueue(Packet($"b{i}"));
        }

        var all = Take(queue, 100);
        Assert.That(all, Is.EqualTo(new[] { "a3", "a4" }.Concat(Enumerable.Range(0, 20).Select(i => $"b{i}"))));
        Assert.That(queue.TryPeek(out _), Is.False, "drained");
    }

    [Test]
    public void ManyQueuesHoldingBuffersAtOnceAndOneGrownPastThePoolsLargestSizeKeepTheirPackets()
    {
        // More queues than the buffer pool keeps per size hold a buffer at the same time, one of them grows
        // past the pool's largest buffer (an unbounded control backlog): nothing is lost or reordered, and the
        // buffers go back (or are dropped) without error.
        var queues = Enumerable.Range(0, OutboundBufferPool.MaxBuffersPerSize + 200).Select(_ => new OutboundQueue()).ToArray();
        for (var round = 0; round < 3; round++)
        {
            for (var q = 0; q < queues.Length; q++)
            {
                queues[q].TryEnqueue(Packet($"{q}:{round}"));
            }
        }

        var big = queues[0];
        const int backlog = 10_000;
        for (var i = 0; i < backlog; i++)
        {
            big.TryEnqueue(Packet($"big{i}"));
        }

        for (var q = 1; q < queues.Length; q++)
        {
            Assert.That(Take(queues[q]), Is.EqualTo(new[] { $"{q}:0", $"{q}:1", $"{q}:2" }));
        }

        var drained = Take(big, backlog + 10);
        Assert.That(drained.Take(3), Is.EqualTo(new[] { "0:0", "0:1", "0:2" }));
        Assert.That(drained.Skip(3), Is.EqualTo(Enumerable.Range(0, backlog).Select(i => $"big{i}")));

        // Drained queues start again with a buffer from the pool.
        queues[1].TryEnqueue(Packet("again"));
        Assert.That(Take(queues[1]), Is.EqualTo(new[] { "again" }));
    }

    [Test]
    public void TheLimitRefusesPacketsButControlPacketsWithoutALimitStillGoIn()
    {
        var queue = new OutboundQueue();
        Assert.That(queue.TryEnqueue(Packet("1"), limit: 2), Is.EqualTo(EnqueueResult.Queued));
        Assert.That(queue.TryEnqueue(Packet("2"), limit: 2), Is.EqualTo(EnqueueResult.Queued));
        Assert.That(queue.TryEnqueue(Packet("3"), limit: 2), Is.EqualTo(EnqueueResult.Full));
        Assert.That(queue.TryEnqueue(Packet("close")), Is.EqualTo(EnqueueResult.Queued));
        queue.Complete();
        Assert.That(queue.TryEnqueue(Packet("late")), Is.EqualTo(EnqueueResult.Completed));
        Assert.That(Take(queue), Is.EqualTo(new[] { "1", "2", "close" }), "completion keeps what was queued");
    }

    [Test]
    public void AnArmedConsumerIsWokenOnceForABurstAndAgainOnlyAfterRearming()
    {
        var queue = new OutboundQueue();
        var consumer = new CountingConsumer();
        queue.Attach(consumer);
        Assert.That(consumer.Wakes, Is.Zero, "nothing queued: armed, not woken");

        for (var i = 0; i < 100; i++)
        {
            queue.TryEnqueue(Packet($"m{i}"));
        }

        Assert.That(consumer.Wakes, Is.EqualTo(1), "one wake-up for the whole burst");
        Assert.That(queue.TryArm(), Is.False, "packets are waiting: the consumer must carry on");
        Assert.That(Take(queue, 200), Has.Length.EqualTo(100));
        Assert.That(queue.TryArm(), Is.True);

        queue.TryEnqueue(Packet("next"));
        Assert.That(consumer.Wakes, Is.EqualTo(2));
        Take(queue);
        Assert.That(queue.TryArm(), Is.True);
        queue.Complete();
        Assert.That(consumer.Wakes, Is.EqualTo(3), "completion wakes the consumer so it can send the close frame");
        Assert.That(queue.TryArm(), Is.False, "a completed queue is never armed again");
        queue.Complete();
        Assert.That(consumer.Completions, Is.EqualTo(1), "told of the completion once");
    }

    [Test]
    public void ANudgeWakesAnArmedConsumerAndKeepsABusyOneFromArming()
    {
        var queue = new OutboundQueue();
        var consumer = new CountingConsumer();
        queue.Attach(consumer);
        queue.Nudge();
        Assert.That(consumer.Wakes, Is.EqualTo(1), "armed: woken without a packet");

        queue.Nudge();
        Assert.That(consumer.Wakes, Is.EqualTo(1), "busy: not woken twice");
        Assert.That(queue.TryArm(), Is.False, "the nudge while busy makes it run once more");
        Assert.That(queue.TryArm(), Is.True);

        var early = new OutboundQueue();
        early.Nudge();
        var late = new CountingConsumer();
        early.Attach(late);
        Assert.That(late.Wakes, Is.EqualTo(1), "a nudge before the consumer attached wakes it as it attaches");
    }

    [Test]
    public void ABusyConsumerIsToldOfTheCompletionAndOneAttachedLaterToo()
    {
        var queue = new OutboundQueue();
        var consumer = new CountingConsumer();
        queue.Attach(consumer);
        queue.TryEnqueue(Packet("1"));
        queue.Complete();
        Assert.That((consumer.Wakes, consumer.Completions), Is.EqualTo((1, 1)), "not armed again, yet told it is completed");

        var late = new CountingConsumer();
        var completed = new OutboundQueue();
        completed.Complete();
        completed.Attach(late);
        Assert.That((late.Wakes, late.Completions), Is.EqualTo((1, 1)));
    }

    [Test]
    public void AttachingToAQueueWithPacketsWakesTheConsumerAtOnce()
    {
        var queue = new OutboundQueue();
        queue.TryEnqueue(Packet("early"));
        var consumer = new CountingConsumer();
        queue.Attach(consumer);
        Assert.That(consumer.Wakes, Is.EqualTo(1));
    }

    [Test]
    public async Task ThePollWaitsForAPacketOrTheCompletionOrItsCancellation()
    {
        var queue = new OutboundQueue();
        var waiting = queue.WaitToReadAsync(CancellationToken.None).AsTask();
        Assert.That(waiting.IsCompleted, Is.False);
        queue.TryEnqueue(Packet("x"));
        Assert.That(await waiting.DefaultTimeout(), Is.True);
        Assert.That(await queue.WaitToReadAsync(CancellationToken.None).AsTask().DefaultTimeout(), Is.True, "a packet is waiting");
        Take(queue);

        using var cts = new CancellationTokenSource();
        var cancelled = queue.WaitToReadAsync(cts.Token).AsTask();
        cts.Cancel();
        Assert.That(async () => await cancelled.DefaultTimeout(), Throws.InstanceOf<OperationCanceledException>());

        var ending = queue.WaitToReadAsync(CancellationToken.None).AsTask();
        queue.Complete();
        Assert.That(await ending.DefaultTimeout(), Is.False, "completed and empty");
    }

    [Test]
    public async Task ConcurrentProducersLoseNothingAndKeepEachProducersOrder()
    {
        var queue = new OutboundQueue();
        var consumer = new CountingConsumer();
        queue.Attach(consumer);
        const int Producers = 4, PerProducer = 5000;
        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < PerProducer; i++)
            {
                queue.TryEnqueue(Packet($"{p}:{i}"));
            }
        })).ToArray();

        var seen = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (seen.Count < Producers * PerProducer && DateTime.UtcNow < deadline)
        {
            seen.AddRange(Take(queue, 256));
        }

        await Task.WhenAll(producers).DefaultTimeout();
        seen.AddRange(Take(queue, Producers * PerProducer));
        Assert.That(seen, Has.Count.EqualTo(Producers * PerProducer));
        foreach (var group in seen.Select(s => s.Split(':')).GroupBy(p => p[0]))
        {
            Assert.That(group.Select(p => int.Parse(p[1])), Is.Ordered, $"producer {group.Key}");
        }
    }

    private sealed class CountingConsumer : IOutboundConsumer
    {
        private int _wakes;
        private int _completions;

        public int Wakes => Volatile.Read(ref _wakes);

        public int Completions => Volatile.Read(ref _completions);

        public void OnReady() => Interlocked.Increment(ref _wakes);

        public void OnCompleted() => Interlocked.Increment(ref _completions);
    }
}
