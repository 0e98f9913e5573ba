namespace ChatService.Bot.Understanding;

/// <summary>
/// Optimal-string-alignment distance (insertions, deletions, substitutions and transpositions of neighbours), the usual
/// measure of typing errors ("cadsatro" is one transposition away from "cadastro").
/// </summary>
internal static class DamerauLevenshtein
{
    /// <summary>
    /// The distance between <paramref name="a"/> and <paramref name="b"/>, or <paramref name="max"/> + 1 as soon as it
    /// is known to exceed <paramref name="max"/> (the corrector only cares about small distances).
    /// </summary>
    public static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        if (a.Length == 0 || b.Length == 0)
        {
            return Math.Max(a.Length, b.Length);
        }

        var columns = b.Length + 1;
        Span<int> rows = columns * 3 <= 256 ? stackalloc int[columns * 3] : new int[columns * 3];
        var previous2 = rows[..columns];
        var previous = rows.Slice(columns, columns);
        var current = rows.Slice(columns * 2, columns);
        for (var j = 0; j < columns; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            // Rotate the three rows without copying.
            var recycled = previous2;
            previous2 = previous;
            previous = current;
            current = recycled;
        }

        var distance = previous[b.Length];
        return distance > max ? max + 1 : distance;
    }
}
