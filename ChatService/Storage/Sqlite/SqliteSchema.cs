using System.Globalization;
using System.Reflection;
using ChatService.Chat;
using Microsoft.Data.Sqlite;

namespace ChatService.Storage.Sqlite;

/// <summary>
/// Creates and migrates the schema. Migrations are the embedded <c>Schema/NNNN_name.sql</c> scripts, applied in order;
/// the version reached is kept in <c>PRAGMA user_version</c> and each step runs in its own immediate transaction, so
/// two processes starting on the same file cannot apply a step twice.
/// </summary>
internal static class SqliteSchema
{
    private const string ResourcePrefix = "ChatService.Storage.Sqlite.Schema.";

    /// <summary>The migrations, ordered by version.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = LoadMigrations();

    /// <summary>The version this build writes.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Applies the missing migrations; returns the versions applied.</summary>
    public static IReadOnlyList<int> Migrate(SqliteConnection connection)
    {
        var current = ReadVersion(connection);
        if (current > LatestVersion)
        {
            throw new MessageStoreException(
                $"The database schema is at version {current}, newer than this build knows ({LatestVersion}). Upgrade the service.");
        }

        var applied = new List<int>();
        foreach (var (version, _, sql) in Migrations)
        {
            if (version <= current)
            {
                continue;
            }

            using var transaction = connection.BeginTransaction(deferred: false);
            // Another process may have migrated between our read and our lock.
            if (ReadVersion(connection) >= version)
            {
                continue;
            }

            using (var command = connection.CreateCommand())
            {
                command.CommandText = sql + ";\nPRAGMA user_version = " + version.ToString(CultureInfo.InvariantCulture) + ";";
                command.ExecuteNonQuery();
            }

            transaction.Commit();
            applied.Add(version);
        }

        return applied;
    }

    /// <summary>The schema version recorded in the file (0 for a new file).</summary>
    public static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static List<(int, string, string)> LoadMigrations() =>
        [.. EmbeddedMigrations.Load(ResourcePrefix, "SQLite").Select(m => (m.Version, m.Name, m.Sql))];
}
