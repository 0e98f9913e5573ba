using ChatService.Chat;

namespace ChatService.Storage.Sqlite;

/// <summary>
/// A message waiting for the writer, and the completion of the task its caller awaits (one object per message
/// rather than two: the pending append is that completion source).
/// </summary>
/// <remarks>
/// Completed by the writer, in id order. With <c>inlineContinuations</c> (<see cref="SqliteMessageStore.StartAppendAsync"/>)
/// the caller's continuation runs on the writer's thread up to its first await, before the next message's
/// (the chat's broadcast then follows the store's order): such callers must not block there. Otherwise
/// continuations never run on the writer's thread.
/// </remarks>
internal sealed class PendingAppend(NewChatMessage message, CancellationToken cancellationToken, bool inlineContinuations = false)
    : TaskCompletionSource<ChatMessage>(inlineContinuations ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously)
{
    public NewChatMessage Message { get; } = message;

    public CancellationToken CancellationToken { get; } = cancellationToken;
}
