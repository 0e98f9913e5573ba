namespace ChatService.Chat;

/// <summary>Aggregates computed by the store.</summary>
/// <param name="TotalMessages">Every stored message.</param>
/// <param name="MessagesByRoom">Stored messages per room id.</param>
/// <param name="MessagesByHour">Messages per UTC hour (the key is the start of the hour) since the requested instant.</param>
public sealed record MessageStatistics(long TotalMessages, IReadOnlyDictionary<string, long> MessagesByRoom, IReadOnlyDictionary<DateTimeOffset, long> MessagesByHour);
