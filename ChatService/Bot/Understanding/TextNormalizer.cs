using System.Globalization;
using System.Text;

namespace ChatService.Bot.Understanding;

/// <summary>
/// Brings what people type to one plain form: lower case, no accents (NFD, combining marks removed), every run of
/// non-letters and non-digits turned into one space, and repeated letters collapsed ("oiiii" → "oi").
/// </summary>
/// <remarks>
/// Collapsing doubles also turns "carro" into "caro" and "assistência" into "asistencia": the same function is applied
/// to the knowledge base and to the messages, so only consistency matters, and users who drop a double letter match.
/// </remarks>
internal static class TextNormalizer
{
    /// <summary>Longer input is cut here: a chat question never needs more, and matching stays bounded.</summary>
    public const int MaxInputLength = 1000;

    /// <summary>Normalizes <paramref name="text"/>; never throws, returns an empty string for empty input.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var span = text.AsSpan();
        if (span.Length > MaxInputLength)
        {
            span = span[..MaxInputLength];
        }

        var decomposed = Decompose(span);
        var buffer = decomposed.Length <= 512 ? stackalloc char[decomposed.Length] : new char[decomposed.Length];
        var length = 0;
        var previous = ' ';
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (!char.IsLetterOrDigit(c) || char.IsSurrogate(c))
            {
                pendingSpace = true;
                previous = ' ';
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (lower == previous && char.IsLetter(lower))
            {
                continue;
            }

            if (pendingSpace && length > 0)
            {
                buffer[length++] = ' ';
            }

            pendingSpace = false;
            buffer[length++] = lower;
            previous = lower;
        }

        return new string(buffer[..length]);
    }

    private static string Decompose(ReadOnlySpan<char> span)
    {
        var text = span.ToString();
        try
        {
            return text.Normalize(NormalizationForm.FormD);
        }
        catch (ArgumentException)
        {
            // Lone surrogates (a cut emoji, broken clients) make Normalize throw; they carry no meaning here.
            var builder = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                builder.Append(char.IsSurrogate(c) ? ' ' : c);
            }

            return builder.ToString().Normalize(NormalizationForm.FormD);
        }
    }
}
