using System.Buffers;

namespace ChatService.EngineIO;

/// <summary>
/// The ring buffers of the sessions' outbound queues. A queue rents one when a packet arrives and returns it
/// once drained; during a burst a thousand queues hold one at the same time, more than the shared pool keeps
/// per size (it then allocates, and chatty traffic allocated ~500 B per sent message this way). This pool
/// keeps up to <see cref="MaxBuffersPerSize"/> of each size.
/// </summary>
internal static class OutboundBufferPool
{
    /// <summary>Buffers kept per size: at most ~0.5 MB for the smallest (16 slots of 32 bytes each).</summary>
    public const int MaxBuffersPerSize = 1024;

    /// <summary>The pool; larger buffers than the queue bound are allocated and dropped.</summary>
    public static ArrayPool<OutboundMessage> Shared { get; } = ArrayPool<OutboundMessage>.Create(maxArrayLength: 4096, maxArraysPerBucket: MaxBuffersPerSize);
}
