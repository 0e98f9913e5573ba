namespace ChatService.Tests.Infrastructure;

/// <summary>Every await in a test goes through one of these, so that no test hangs.</summary>
public static class TaskTimeoutExtensions
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static Task DefaultTimeout(this Task task, TimeSpan? timeout = null) => task.WaitAsync(timeout ?? Default);

    public static Task<T> DefaultTimeout<T>(this Task<T> task, TimeSpan? timeout = null) => task.WaitAsync(timeout ?? Default);

    public static Task DefaultTimeout(this ValueTask task, TimeSpan? timeout = null) => task.AsTask().WaitAsync(timeout ?? Default);

    public static Task<T> DefaultTimeout<T>(this ValueTask<T> task, TimeSpan? timeout = null) => task.AsTask().WaitAsync(timeout ?? Default);
}
