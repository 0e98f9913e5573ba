using System.Buffers;

namespace ChatService.SocketIO.Protocol;

/// <summary>
/// The places of a packet's arguments while it is read: in the caller's stack buffer, and in an array from
/// the pool only when there are more than it holds. <see cref="ToArray"/> copies them out once.
/// </summary>
internal ref struct RangeList
{
    private Span<(int Start, int Length)> _items;
    private (int Start, int Length)[]? _rented;
    private int _count;

    public RangeList(Span<(int Start, int Length)> initial)
    {
        _items = initial;
    }

    public void Add((int Start, int Length) range)
    {
        if (_count == _items.Length)
        {
            var larger = ArrayPool<(int Start, int Length)>.Shared.Rent(_items.Length * 2);
            _items.CopyTo(larger);
            Return();
            _rented = larger;
            _items = larger;
        }

        _items[_count++] = range;
    }

    /// <summary>The ranges in a new array of exactly their number; a pooled array goes back to the pool.</summary>
    public (int Start, int Length)[] ToArray()
    {
        var result = _count == 0 ? [] : _items[.._count].ToArray();
        Return();
        return result;
    }

    private void Return()
    {
        if (_rented is not null)
        {
            ArrayPool<(int Start, int Length)>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
