using System.ComponentModel.DataAnnotations;

namespace ChatService.Storage;

/// <summary>Where messages are stored, bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Storage";

    /// <summary>The database. The default is <see cref="StorageProvider.Sqlite"/>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// A full ADO.NET connection string. When set it wins over <see cref="SqlitePath"/> (for SQLite, a relative
    /// <c>Data Source</c> is then relative to the working directory, not the content root). Required for
    /// <see cref="StorageProvider.Postgres"/> (an Npgsql connection string). The default is empty.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The SQLite file, absolute or relative to the content root. The default is <c>chat.db</c> (under the content root).
    /// </summary>
    public string SqlitePath { get; set; } = "chat.db";

    /// <summary>
    /// (SQLite) How long a statement waits for a lock held by another connection (or process) before the store gives up with a
    /// <see cref="ChatService.Chat.MessageStoreException"/>. The default is 5 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// (SQLite) The most messages written in one transaction when many arrive at once (group commit). The default is 256.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxWriteBatch { get; set; } = 256;

    /// <summary>(SQLite) How many appends may wait for the writer before callers are slowed down. The default is 10,000.</summary>
    [Range(1, 1_000_000)]
    public int WriteQueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// (SQLite) How often a background thread checkpoints the WAL (copies it into the database file and fsyncs both) when
    /// something was written, off the writer's commit path. It is also how long, at most, a committed message stays only
    /// in the OS page cache (see docs/operations.md, "Durability"). The default is 1 second.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// (SQLite) The WAL size, in pages, at which the writer checkpoints in its own commit because the background
    /// checkpoint could not restart the WAL (a write load that never pauses). Bounds the WAL file (pages are 4 KiB).
    /// The default is 10,000 (about 40 MB).
    /// </summary>
    [Range(100, 1_000_000)]
    public int MaxWalPages { get; set; } = 10_000;
}
