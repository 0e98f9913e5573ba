using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Unicode;

namespace ChatService.SocketIO.Protocol;

/// <summary>
/// The event names the application has handlers for, so that the reader gives an incoming name as the
/// registered string instead of a new string per packet. Only registered names are kept: clients cannot grow it.
/// </summary>
internal sealed class KnownEventNames
{
    // Longer names are decoded as usual; the lookup decodes into a stack buffer of this many chars.
    private const int MaxLength = 64;

    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    public KnownEventNames()
    {
        _byChars = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public void Add(string name) => _names.TryAdd(name, name);

    /// <summary>The registered name spelled by <paramref name="utf8"/> (unescaped JSON string content), or null.</summary>
    public string? Find(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
        {
            return null;
        }

        Span<char> chars = stackalloc char[MaxLength];
        return Utf8.ToUtf16(utf8, chars, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done
            && _byChars.TryGetValue(chars[..written], out var name)
            ? name
            : null;
    }
}
