namespace ChatService.Chat;

/// <summary>
/// Told about every message after it was stored and broadcast (the support bot is one). Must return
/// quickly: queue the work, do not do it inline.
/// </summary>
public interface IChatObserver
{
    /// <summary>A message was stored and broadcast.</summary>
    ValueTask OnMessagePostedAsync(ChatMessage message);
}
