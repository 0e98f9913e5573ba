using ChatService.Chat;

namespace ChatService.Storage;

/// <summary>
/// Creates or migrates the schema before anything else starts (the server included), so the first request and the
/// first socket event find the store ready. A failure stops the start-up with the store's message.
/// </summary>
internal sealed class StorageInitializer(IMessageStore store) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
