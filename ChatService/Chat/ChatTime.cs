using System.Globalization;

namespace ChatService.Chat;

/// <summary>The one time format on the wire: ISO-8601 UTC with milliseconds (<c>2026-01-31T13:45:00.123Z</c>).</summary>
public static class ChatTime
{
    /// <summary>The most UTF-8 bytes <see cref="Format(DateTimeOffset, Span{byte})"/> writes.</summary>
    public const int MaxUtf8Length = 32;

    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Formats an instant as ISO-8601 UTC.</summary>
    public static string Format(DateTimeOffset instant) => instant.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>Formats an instant as ISO-8601 UTC into <paramref name="utf8"/> (at least <see cref="MaxUtf8Length"/> bytes); returns the length.</summary>
    public static int Format(DateTimeOffset instant, Span<byte> utf8) =>
        instant.UtcDateTime.TryFormat(utf8, out var written, Pattern, CultureInfo.InvariantCulture)
            ? written
            : throw new ArgumentException("The buffer is too small for a timestamp.", nameof(utf8));
}
