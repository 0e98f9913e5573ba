namespace ChatService.Tests.Infrastructure;

/// <summary>A fresh folder under the system's temp folder, deleted on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "chatservice-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open (SQLite WAL on a slow shutdown): leave it to the OS temp cleanup.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
