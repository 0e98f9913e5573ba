namespace ChatService.SocketIO.Adapters;

/// <summary>
/// The rooms one socket is in, as <see cref="InMemoryAdapter"/> keeps them. A socket is almost always in one
/// or two rooms (its own and a chat room), so the first room is a field and the others go to a small array
/// created only for a second room: an idle socket's set allocates nothing (its own room is its id string).
/// </summary>
/// <remarks>
/// A mutable struct: keep it in a field or a dictionary value and change it through a reference
/// (<c>CollectionsMarshal.GetValueRefOrAddDefault</c>); a copy does not see later changes. Not thread-safe.
/// Lookups are linear, which beats hashing at these sizes; <see cref="SocketIOOptions.MaxRoomsPerSocket"/> bounds the count.
/// </remarks>
internal struct RoomSet
{
    private string? _first;
    private string[]? _others;
    private int _otherCount;

    /// <summary>How many rooms the set holds.</summary>
    public readonly int Count => _first is null ? 0 : 1 + _otherCount;

    /// <summary>Whether <paramref name="room"/> is in the set (ordinal comparison).</summary>
    public readonly bool Contains(string room) => room == _first || IndexOfOther(room) >= 0;

    /// <summary>Adds <paramref name="room"/>; false when it was already there.</summary>
    public bool Add(string room)
    {
        if (_first is null)
        {
            _first = room;
            return true;
        }

        if (Contains(room))
        {
            return false;
        }

        if (_others is null)
        {
            _others = new string[2];
        }
        else if (_otherCount == _others.Length)
        {
            Array.Resize(ref _others, _others.Length * 2);
        }

        _others[_otherCount++] = room;
        return true;
    }

    /// <summary>Removes <paramref name="room"/>; false when it was not there. Leaving the last extra room frees the array.</summary>
    public bool Remove(string room)
    {
        int index;
        if (room == _first)
        {
            // The last extra room takes the first place, so the first place is empty only when the set is.
            index = _otherCount - 1;
            _first = index >= 0 ? _others![index] : null;
        }
        else if ((index = IndexOfOther(room)) >= 0)
        {
            _others![index] = _others[_otherCount - 1];
            index = _otherCount - 1;
        }
        else
        {
            return false;
        }

        if (index >= 0)
        {
            _others![index] = null!;
            if (--_otherCount == 0)
            {
                _others = null;
            }
        }

        return true;
    }

    /// <summary>The rooms, in no particular order (a new array, safe to keep).</summary>
    public readonly string[] ToArray()
    {
        if (_first is null)
        {
            return [];
        }

        var rooms = new string[1 + _otherCount];
        rooms[0] = _first;
        _others?.AsSpan(0, _otherCount).CopyTo(rooms.AsSpan(1));
        return rooms;
    }

    private readonly int IndexOfOther(string room) =>
        _others is null ? -1 : Array.IndexOf(_others, room, 0, _otherCount);
}
