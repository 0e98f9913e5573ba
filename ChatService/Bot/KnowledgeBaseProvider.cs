using Microsoft.Extensions.Options;

namespace ChatService.Bot;

/// <summary>
/// Holds the current knowledge base and reloads it when its file changes, so operators edit answers and examples
/// without a rebuild or a restart. A change is applied once the file has been quiet for
/// <see cref="BotOptions.ReloadDebounce"/> (editors save in several writes, or by renaming a temporary file); an edit
/// that does not load keeps the previous version and logs an error saying why.
/// </summary>
/// <remarks>
/// The first load happens in the constructor and throws <see cref="KnowledgeBaseException"/> when it fails: without a
/// valid knowledge base the bot has nothing to say, and the operator should know at once.
/// </remarks>
internal sealed partial class KnowledgeBaseProvider : IDisposable
{
    private readonly ILogger<KnowledgeBaseProvider> _logger;
    private readonly double _threshold;
    private readonly TimeSpan _debounce;
    private readonly Lock _reloadLock = new();
    private readonly FileSystemWatcher? _watcher;
    private readonly ITimer _timer;
    private KnowledgeBase _current;
    private bool _disposed;

    /// <summary>Loads the file named by <see cref="BotOptions.KnowledgeBasePath"/> and starts watching it.</summary>
    public KnowledgeBaseProvider(IOptions<BotOptions> options, ILogger<KnowledgeBaseProvider> logger, TimeProvider timeProvider)
    {
        _logger = logger;
        var settings = options.Value;
        _threshold = settings.ConfidenceThreshold;
        _debounce = settings.ReloadDebounce;
        FilePath = ResolvePath(settings.KnowledgeBasePath);

        _current = KnowledgeBaseLoader.LoadFile(FilePath, _threshold);
        Log.Loaded(_logger, FilePath, _current.Intents.Count, _current.Matcher.ExampleCount);

        _timer = timeProvider.CreateTimer(static state => ((KnowledgeBaseProvider)state!).Reload(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = StartWatching();
    }

    /// <summary>The absolute path of the knowledge base file.</summary>
    public string FilePath { get; }

    /// <summary>The knowledge base in force; read it once per message and use that snapshot for the whole reply.</summary>
    public KnowledgeBase Current => Volatile.Read(ref _current);

    /// <summary>Raised after a reload succeeded, with the new knowledge base.</summary>
    public event Action<KnowledgeBase>? Reloaded;

    /// <summary>Raised after a reload failed (the previous knowledge base stays in force).</summary>
    public event Action<KnowledgeBaseException>? ReloadFailed;

    /// <summary>Resolves a configured path: relative paths are relative to the application directory.</summary>
    public static string ResolvePath(string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path));

    /// <summary>Loads the file again now; returns whether the new version is in force.</summary>
    public bool Reload()
    {
        lock (_reloadLock)
        {
            if (_disposed)
            {
                return false;
            }

            KnowledgeBase loaded;
            try
            {
                loaded = KnowledgeBaseLoader.LoadFile(FilePath, _threshold);
            }
            catch (KnowledgeBaseException e)
            {
                Log.ReloadFailed(_logger, FilePath, e);
                ReloadFailed?.Invoke(e);
                return false;
            }

            Volatile.Write(ref _current, loaded);
            Log.Reloaded(_logger, FilePath, loaded.Intents.Count, loaded.Matcher.ExampleCount);
            Reloaded?.Invoke(loaded);
            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_reloadLock)
        {
            _disposed = true;
        }

        _watcher?.Dispose();
        _timer.Dispose();
    }

    private FileSystemWatcher? StartWatching()
    {
        var directory = Path.GetDirectoryName(FilePath);
        if (directory is null || !Directory.Exists(directory))
        {
            Log.WatchUnavailable(_logger, FilePath, null);
            return null;
        }

        try
        {
            // Watch the directory rather than the file: editors and deploy tools often replace the file by renaming.
            var watcher = new FileSystemWatcher(directory, Path.GetFileName(FilePath))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            watcher.Changed += OnFileEvent;
            watcher.Created += OnFileEvent;
            watcher.Renamed += OnFileEvent;
            watcher.Error += OnWatcherError;
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            Log.WatchUnavailable(_logger, FilePath, e);
            return null;
        }
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e) => ScheduleReload();

    private void OnWatcherError(object sender, ErrorEventArgs e)
    {
        // An overflowed event buffer may have swallowed the change we care about: reload to be sure.
        Log.WatcherError(_logger, FilePath, e.GetException());
        ScheduleReload();
    }

    private void ScheduleReload()
    {
        try
        {
            // Every event pushes the reload back: it runs once the file has been quiet for the debounce time.
            _timer.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // An event raced with Dispose; nothing left to reload.
        }
    }
}
