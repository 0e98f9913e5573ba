namespace ChatService.Bot.Understanding;

/// <summary>
/// A light Portuguese stemmer in the spirit of RSLP, for normalized (accent-free, lower-case) words: plural folding
/// (-ões/-ães → -ão, -ais → -al, -eis → -el, -ns → -m, -res/-zes → -r/-z, -s), -mente, nominal and verb suffixes
/// (-ção, -mento, -ando/-endo/-indo, -ado/-ido, -ar/-er/-ir, -ei/-ou, -am/-em) and a final vowel, so that
/// "cadastro", "cadastrar", "cadastrei" and "cadastrada" all give "cadastr".
/// </summary>
/// <remarks>
/// It over-stems on purpose: it runs on the knowledge base and on the messages alike, so what matters is that forms
/// of one word meet, not that the stem is a real root. Stems keep at least three letters.
/// </remarks>
internal static class PortugueseStemmer
{
    private const int MinStem = 3;

    // Longest first within each group; the first match wins.
    private static readonly string[] VerbPlural = ["amos", "emos", "imos", "aram", "eram", "iram", "avam"];

    private static readonly string[] Suffixes =
    [
        "amento", "imento", "acao", "icao", "cao", "ando", "endo", "indo",
        "ado", "ada", "ido", "ida", "ar", "er", "ir", "ei", "ou", "eu", "iu", "am", "em",
    ];

    /// <summary>Returns the stem of a normalized word; words under four letters and words with digits are kept.</summary>
    public static string Stem(string word)
    {
        if (word.Length < 4 || !IsAsciiLetters(word))
        {
            return word;
        }

        var w = word.AsSpan();
        var stripped = false;
        foreach (var suffix in VerbPlural)
        {
            if (w.EndsWith(suffix, StringComparison.Ordinal) && w.Length - suffix.Length >= MinStem)
            {
                w = w[..^suffix.Length];
                stripped = true;
                break;
            }
        }

        string current;
        if (stripped)
        {
            current = w.ToString();
        }
        else
        {
            current = ReducePlural(word);
            if (current.Length >= 8 && current.EndsWith("mente", StringComparison.Ordinal))
            {
                current = current[..^5];
            }

            foreach (var suffix in Suffixes)
            {
                if (current.EndsWith(suffix, StringComparison.Ordinal) && current.Length - suffix.Length >= MinStem)
                {
                    current = current[..^suffix.Length];
                    break;
                }
            }
        }

        // Only from five letters on, so that short words stay apart ("como" is not "com", "casa" is not "caso").
        if (current.Length >= 5 && current[^1] is 'a' or 'e' or 'o')
        {
            current = current[..^1];
        }

        return current;
    }

    private static string ReducePlural(string w)
    {
        if (w.Length < 4 || w[^1] != 's')
        {
            return w;
        }

        if (w.Length >= 5)
        {
            if (w.EndsWith("oes", StringComparison.Ordinal) || w.EndsWith("aes", StringComparison.Ordinal))
            {
                return string.Concat(w.AsSpan(0, w.Length - 3), "ao");
            }

            if (w.EndsWith("ais", StringComparison.Ordinal))
            {
                return string.Concat(w.AsSpan(0, w.Length - 3), "al");
            }

            if (w.EndsWith("eis", StringComparison.Ordinal))
            {
                return string.Concat(w.AsSpan(0, w.Length - 3), "el");
            }

            if (w.EndsWith("res", StringComparison.Ordinal) || w.EndsWith("zes", StringComparison.Ordinal))
            {
                return w[..^2];
            }
        }

        if (w.EndsWith("ns", StringComparison.Ordinal))
        {
            return string.Concat(w.AsSpan(0, w.Length - 2), "m");
        }

        // Singular words end in -us and -is far more often than plurals do (ônibus, vírus, grátis, depois).
        if (w.EndsWith("us", StringComparison.Ordinal) || w.EndsWith("is", StringComparison.Ordinal))
        {
            return w;
        }

        return w[..^1];
    }

    private static bool IsAsciiLetters(string word)
    {
        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }
}
