using System.Globalization;

namespace ChatService.Api;

/// <summary>The parsed query of <c>GET /api/chat/history/{room_id}</c>, or the reason it is invalid.</summary>
internal sealed record HistoryQuery(int Limit, long? Before, long? After)
{
    /// <summary>Parses <c>limit</c>, <c>before</c> and <c>after</c>; returns null and an error message when one is invalid.</summary>
    public static HistoryQuery? Parse(string? limit, string? before, string? after, int defaultLimit, int maxLimit, out string? error)
    {
        error = null;
        var parsedLimit = defaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out parsedLimit)
            || parsedLimit < 1 || parsedLimit > maxLimit))
        {
            error = $"'limit' must be a whole number from 1 to {maxLimit}.";
            return null;
        }

        long? parsedBefore = null;
        if (before is not null)
        {
            if (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                error = "'before' must be a message id (a whole number of at least 1).";
                return null;
            }

            parsedBefore = value;
        }

        long? parsedAfter = null;
        if (after is not null)
        {
            if (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                error = "'after' must be a message id (a whole number of at least 0).";
                return null;
            }

            parsedAfter = value;
        }

        if (parsedBefore is not null && parsedAfter is not null)
        {
            error = "Use 'before' (older messages) or 'after' (newer messages), not both.";
            return null;
        }

        return new HistoryQuery(parsedLimit, parsedBefore, parsedAfter);
    }
}
