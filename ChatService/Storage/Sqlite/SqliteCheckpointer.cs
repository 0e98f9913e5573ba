using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace ChatService.Storage.Sqlite;

/// <summary>
/// Copies the WAL into the database file (a checkpoint) on its own connection and its own thread, every
/// <see cref="StorageOptions.CheckpointInterval"/> when something was written.
/// </summary>
/// <remarks>
/// A checkpoint fsyncs the WAL, copies its pages and fsyncs the database file. Run by SQLite's automatic checkpoint
/// inside the writer's commit, every message of that batch and of the batches queued behind it waited for those fsyncs
/// (the chat's latency tail followed the disk). Here the writer keeps committing meanwhile; it only checkpoints itself
/// when the WAL reaches <see cref="StorageOptions.MaxWalPages"/> (a write load that never pauses gives a passive
/// checkpoint no moment to catch up, and a WAL only restarts from its beginning once everything in it was copied).
/// Durability is unchanged: every connection runs <c>synchronous = NORMAL</c>, so a commit is in the WAL (in the OS
/// page cache) before its caller hears of it, and the WAL reaches the disk at the latest at the next checkpoint.
/// </remarks>
internal sealed partial class SqliteCheckpointer : IDisposable
{
    // Frames the writer appends while a checkpoint runs keep the WAL from restarting; the few left are copied right
    // away, a bounded number of times (each round with anything to copy costs two fsyncs).
    private const int MaxCatchUpRounds = 5;

    private readonly Func<SqliteConnection> _open;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly ManualResetEventSlim _stopping = new(false);
    private readonly Thread _thread;
    private int _pending;
    private int _disposed;

    public SqliteCheckpointer(Func<SqliteConnection> open, TimeSpan interval, ILogger logger)
    {
        _open = open;
        _interval = interval;
        _logger = logger;
        // A thread of its own: a checkpoint blocks in fsync, which must not take a thread-pool thread.
        _thread = new Thread(Run) { IsBackground = true, Name = "SQLite checkpointer" };
    }

    public void Start() => _thread.Start();

    /// <summary>Tells the checkpointer that the writer committed something since the last checkpoint.</summary>
    public void NotifyWritten() => Volatile.Write(ref _pending, 1);

    /// <summary>Stops the thread after the checkpoint in progress, if any.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Set();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        _stopping.Dispose();
    }

    private void Run()
    {
        SqliteConnection? connection = null;
        try
        {
            while (!_stopping.Wait(_interval))
            {
                if (Interlocked.Exchange(ref _pending, 0) == 0)
                {
                    continue;
                }

                try
                {
                    connection ??= _open();
                    if (!Checkpoint(connection))
                    {
                        // Not everything was copied (the writer kept writing, or a reader holds an old snapshot): try
                        // again at the next tick even if nothing more is written.
                        Volatile.Write(ref _pending, 1);
                    }
                }
                catch (Exception ex) when (SqliteErrors.IsStoreFailure(ex))
                {
                    // The writer's own checkpoint at MaxWalPages still bounds the WAL; start over on a fresh connection.
                    Log.CheckpointFailed(_logger, ex);
                    connection?.Dispose();
                    connection = null;
                    Volatile.Write(ref _pending, 1);
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    /// <summary>
    /// Runs passive checkpoints until one finds nothing new in the WAL, so that the writer's next transaction restarts
    /// the WAL from its beginning, or until the catch-up rounds run out.
    /// </summary>
    /// <returns>Whether every frame of the WAL is now in the database file.</returns>
    private bool Checkpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        // PASSIVE never waits for readers or the writer; it copies what it can. The frame count it returns is the WAL's
        // size when it started: frames the writer committed meanwhile show up in the next round.
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        long previous = -1;
        for (var round = 0; round <= MaxCatchUpRounds && !_stopping.IsSet; round++)
        {
            var started = Stopwatch.GetTimestamp();
            long frames, copied;
            using (var reader = command.ExecuteReader())
            {
                reader.Read();
                frames = reader.GetInt64(1);
                copied = reader.GetInt64(2);
            }

            if (frames == previous)
            {
                return copied >= frames;
            }

            Log.Checkpointed(_logger, copied, frames, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (copied < frames)
            {
                // A reader still uses older frames; copying more has to wait for it.
                return false;
            }

            previous = frames;
        }

        return false;
    }
}
