using System.Globalization;

namespace ChatService.Chat;

/// <summary>The one time format on the wire: ISO-8601 UTC with milliseconds (<c>2026-01-31T13:45:00.123Z</c>).</summary>
public static class ChatTime
{
    /// <summary>Formats an instant as ISO-8601 UTC.</summary>
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
