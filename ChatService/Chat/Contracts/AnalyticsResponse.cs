namespace ChatService.Chat.Contracts;

/// <summary><c>GET /api/chat/analytics</c>.</summary>
public sealed record AnalyticsResponse(
    long TotalMessages,
    int ActiveUsers,
    int TotalRooms,
    IReadOnlyDictionary<string, long> MessagesByRoom,
    IReadOnlyList<HourlyActivity> HourlyActivity);
