namespace ChatService.Chat.Contracts;

/// <summary><c>connected</c>: sent on connect.</summary>
public sealed record ConnectedEvent(string UserId, string Message);
