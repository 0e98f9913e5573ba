namespace ChatService.Chat.Contracts;

/// <summary>One hour of <c>hourly_activity</c>: <c>{hour:"HH:00", messages:n}</c>.</summary>
public sealed record HourlyActivity(string Hour, long Messages);
