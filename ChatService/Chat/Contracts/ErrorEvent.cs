namespace ChatService.Chat.Contracts;

/// <summary><c>error</c>: a rejected event. <see cref="Code"/> is stable (<c>invalid_payload</c>, <c>rate_limited</c>…).</summary>
public sealed record ErrorEvent(string Code, string Message, string? Event);
