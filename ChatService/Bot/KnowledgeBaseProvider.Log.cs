namespace ChatService.Bot;

internal sealed partial class KnowledgeBaseProvider
{
    private static partial class Log
    {
        [LoggerMessage(5001, LogLevel.Information, "Knowledge base loaded from {Path}: {Intents} intents, {Examples} examples", EventName = "Loaded")]
        public static partial void Loaded(ILogger logger, string path, int intents, int examples);

        [LoggerMessage(5002, LogLevel.Information, "Knowledge base reloaded from {Path}: {Intents} intents, {Examples} examples", EventName = "Reloaded")]
        public static partial void Reloaded(ILogger logger, string path, int intents, int examples);

        [LoggerMessage(5003, LogLevel.Error, "Knowledge base {Path} changed but cannot be loaded; the previous version stays in force", EventName = "ReloadFailed")]
        public static partial void ReloadFailed(ILogger logger, string path, Exception exception);

        [LoggerMessage(5004, LogLevel.Warning, "Knowledge base {Path} cannot be watched; changes need a restart", EventName = "WatchUnavailable")]
        public static partial void WatchUnavailable(ILogger logger, string path, Exception? exception);

        [LoggerMessage(5005, LogLevel.Warning, "Watching knowledge base {Path} failed; reloading it to be safe", EventName = "WatcherError")]
        public static partial void WatcherError(ILogger logger, string path, Exception exception);
    }
}
