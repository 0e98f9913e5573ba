using ChatService.Chat;

namespace ChatService.Storage.Sqlite;

/// <summary>A message waiting for the writer, and the task its caller awaits.</summary>
internal sealed class PendingAppend(NewChatMessage message, CancellationToken cancellationToken)
{
    public NewChatMessage Message { get; } = message;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Completed by the writer; continuations never run on the writer's thread.</summary>
    public TaskCompletionSource<ChatMessage> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
