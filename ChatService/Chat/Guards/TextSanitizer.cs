using System.Globalization;
using System.Text;

namespace ChatService.Chat.Guards;

/// <summary>
/// Cleans user text: removes control characters (except line breaks and tabs in messages), invisible
/// format characters that can spoof text (bidi overrides, zero-width spaces; the joiners that emoji need
/// are kept), normalizes line breaks and trims.
/// </summary>
public static class TextSanitizer
{
    /// <summary>Sanitizes a message body.</summary>
    public static string Message(string text) => Clean(text, allowLineBreaks: true);

    /// <summary>Sanitizes a username (single line).</summary>
    public static string Username(string text) => Clean(text, allowLineBreaks: false);

    private static string Clean(string text, bool allowLineBreaks)
    {
        if (!NeedsCleaning(text))
        {
            return text.Trim();
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                // \r\n and lone \r become \n.
                if (allowLineBreaks && (i + 1 >= text.Length || text[i + 1] != '\n'))
                {
                    builder.Append('\n');
                }

                continue;
            }

            if (c is '\n' or '\t')
            {
                builder.Append(allowLineBreaks ? c : ' ');
                continue;
            }

            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    builder.Append(c).Append(text[++i]);
                }

                // A lone surrogate is not text: drop it.
                continue;
            }

            if (IsRemoved(c))
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString().Trim();
    }

    private static bool NeedsCleaning(string text)
    {
        // Printable ASCII, most of any text, never needs cleaning: skip it vectorized, look at the rest one by one.
        var rest = text.AsSpan();
        int next;
        while ((next = rest.IndexOfAnyExceptInRange(' ', '~')) >= 0)
        {
            var c = rest[next];
            if (c < ' ' || char.IsSurrogate(c) || IsRemoved(c))
            {
                return true;
            }

            rest = rest[(next + 1)..];
        }

        return false;
    }

    private static bool IsRemoved(char c)
    {
        var category = char.GetUnicodeCategory(c);
        return category == UnicodeCategory.Control
            || (category == UnicodeCategory.Format && c is not ('\u200C' or '\u200D'))
            || category is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }
}
