namespace ChatService.Chat;

/// <summary>The one time format on the wire: ISO-8601 UTC with milliseconds (<c>2026-01-31T13:45:00.123Z</c>).</summary>
/// <remarks>
/// Written digit by digit: every message carries a timestamp, and a custom <c>DateTime</c> format string goes through
/// the culture-aware formatter (about a tenth of the JSON work of a broadcast). Years outside 0001–9999 cannot occur.
/// </remarks>
public static class ChatTime
{
    /// <summary>The most UTF-8 bytes <see cref="Format(DateTimeOffset, Span{byte})"/> writes.</summary>
    public const int MaxUtf8Length = 32;

    /// <summary>The length of every formatted instant.</summary>
    private const int Length = 24;

    /// <summary>Formats an instant as ISO-8601 UTC.</summary>
    public static string Format(DateTimeOffset instant) =>
        string.Create(Length, instant.UtcDateTime, static (chars, utc) =>
        {
            Span<byte> utf8 = stackalloc byte[Length];
            Write(utc, utf8);
            for (var i = 0; i < Length; i++)
            {
                chars[i] = (char)utf8[i];
            }
        });

    /// <summary>Formats an instant as ISO-8601 UTC into <paramref name="utf8"/> (at least <see cref="MaxUtf8Length"/> bytes); returns the length.</summary>
    public static int Format(DateTimeOffset instant, Span<byte> utf8)
    {
        if (utf8.Length < Length)
        {
            throw new ArgumentException("The buffer is too small for a timestamp.", nameof(utf8));
        }

        Write(instant.UtcDateTime, utf8);
        return Length;
    }

    private static void Write(DateTime utc, Span<byte> utf8)
    {
        var (year, month, day) = utc;
        var milliseconds = (int)(utc.TimeOfDay.Ticks / TimeSpan.TicksPerMillisecond);
        var (hour, minute, second, millisecond) =
            (milliseconds / 3_600_000, milliseconds / 60_000 % 60, milliseconds / 1000 % 60, milliseconds % 1000);
        "0000-00-00T00:00:00.000Z"u8.CopyTo(utf8);
        Digits(utf8[..4], year);
        Digits(utf8[5..7], month);
        Digits(utf8[8..10], day);
        Digits(utf8[11..13], hour);
        Digits(utf8[14..16], minute);
        Digits(utf8[17..19], second);
        Digits(utf8[20..23], millisecond);
    }

    /// <summary>Writes <paramref name="value"/> in exactly <c>destination.Length</c> decimal digits, zero-padded.</summary>
    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
