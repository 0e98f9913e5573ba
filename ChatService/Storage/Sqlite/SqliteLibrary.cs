using SQLitePCL;

namespace ChatService.Storage.Sqlite;

/// <summary>
/// Process-wide SQLite settings, applied once, before the first connection opens.
/// </summary>
/// <remarks>
/// SQLite's memory statistics are on in the bundled e_sqlite3 build: every allocation and free inside SQLite then takes
/// a global mutex (two pthread calls for each text bound, each row, each page), and nothing here reads the
/// statistics. SQLite's own list of recommended options builds with <c>SQLITE_DEFAULT_MEMSTATUS=0</c>; this is the
/// same at run time. It has to come before SQLite initializes: once any connection of the process has opened,
/// <c>sqlite3_config</c> refuses (<c>SQLITE_MISUSE</c>) and the statistics stay on, which changes nothing but speed.
/// The threading mode stays serialized: a connection's statements may be finalized on the GC's thread.
/// </remarks>
internal static class SqliteLibrary
{
    private static readonly Lazy<bool> MemoryStatisticsTurnedOff = new(TurnOffMemoryStatistics);

    /// <summary>
    /// Applies the settings if this is the first call of the process; true when SQLite runs without memory
    /// statistics (false when something opened a connection first).
    /// </summary>
    public static bool EnsureConfigured() => MemoryStatisticsTurnedOff.Value;

    private static bool TurnOffMemoryStatistics()
    {
        // Microsoft.Data.Sqlite does the same on its first connection; the provider must be set before any call.
        Batteries_V2.Init();
        return raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
    }
}
