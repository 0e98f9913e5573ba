namespace ChatService.EngineIO.Limits;

/// <summary>
/// One admitted connection counted by <see cref="ConnectionGate"/>. Released exactly once: when its session
/// is forgotten, or by the handshake when no session was created.
/// </summary>
internal sealed class ConnectionSlot : IDisposable
{
    /// <summary>The <see cref="HttpContext.Items"/> key under which the handshake hands the slot to the session.</summary>
    public static readonly object ItemKey = new();

    private readonly ConnectionGate _gate;
    private int _released;

    public ConnectionSlot(ConnectionGate gate, string? addressKey)
    {
        _gate = gate;
        AddressKey = addressKey;
    }

    /// <summary>The address the slot counts against; null when exempt (loopback).</summary>
    public string? AddressKey { get; }

    /// <summary>Whether a session took ownership of the slot.</summary>
    public bool IsAttached { get; set; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _gate.Release(AddressKey);
        }
    }
}
