using ChatService.EngineIO;

namespace ChatService.SocketIO.Recovery;

/// <summary>
/// The broadcasts held back while a recovered socket replays what it missed, and how far the replay got. A
/// socket has one only between <see cref="SocketContext"/>'s begin and end of the hold, so other sockets pay nothing.
/// </summary>
internal sealed class ReplayHold
{
    private readonly Lock _gate = new();
    private List<(OutboundMessage Packet, string? Offset)>? _held = [];
    private string? _replayed;

    /// <summary>Keeps <paramref name="packet"/> for <see cref="Release"/>; false once released (send it now instead).</summary>
    public bool TryHold(in OutboundMessage packet, string? offset)
    {
        lock (_gate)
        {
            if (_held is null)
            {
                return false;
            }

            _held.Add((packet, offset));
            return true;
        }
    }

    /// <summary>Records that the replay sent everything up to <paramref name="offset"/>.</summary>
    public void MarkReplayed(string offset)
    {
        lock (_gate)
        {
            if (_replayed is null || SocketContext.CompareOffsets(offset, _replayed) > 0)
            {
                _replayed = offset;
            }
        }
    }

    /// <summary>How far the replay got (null when it sent nothing).</summary>
    public string? Replayed
    {
        get
        {
            lock (_gate)
            {
                return _replayed;
            }
        }
    }

    /// <summary>Ends the hold: the packets to send now, in arrival order, minus those the replay already covered.</summary>
    public List<OutboundMessage> Release()
    {
        List<(OutboundMessage Packet, string? Offset)>? held;
        string? replayed;
        lock (_gate)
        {
            held = _held;
            _held = null;
            replayed = _replayed;
        }

        var due = new List<OutboundMessage>(held?.Count ?? 0);
        foreach (var (packet, offset) in held ?? [])
        {
            if (offset is null || replayed is null || SocketContext.CompareOffsets(offset, replayed) > 0)
            {
                due.Add(packet);
            }
        }

        return due;
    }
}
