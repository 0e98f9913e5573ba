using System.Globalization;
using System.Reflection;
using Npgsql;

namespace ChatService.Storage.Postgres;

/// <summary>
/// Creates and migrates the schema. Migrations are the embedded <c>Schema/NNNN_name.sql</c> scripts, applied in order
/// and recorded in <c>chat_schema_migrations</c>. Everything runs in one transaction under an advisory lock, so nodes
/// starting together apply each step once, and a failed step leaves nothing half done (PostgreSQL DDL is transactional).
/// </summary>
internal static class PostgresSchema
{
    private const string ResourcePrefix = "ChatService.Storage.Postgres.Schema.";

    /// <summary>The advisory lock key taken while migrating (any constant shared by every node).</summary>
    private const long MigrationLockKey = 0x43_48_41_54_5F_53_43_48; // "CHAT_SCH"

    /// <summary>The migrations, ordered by version.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = LoadMigrations();

    /// <summary>The version this build writes.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Applies the missing migrations; returns the versions applied and the version reached.</summary>
    public static async Task<(IReadOnlyList<int> Applied, int Version)> MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey});", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction,
            "CREATE TABLE IF NOT EXISTS chat_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());",
            cancellationToken).ConfigureAwait(false);

        int current;
        await using (var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM chat_schema_migrations;", connection, transaction))
        {
            current = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        if (current > LatestVersion)
        {
            throw new ChatService.Chat.MessageStoreException(
                $"The database schema is at version {current}, newer than this build knows ({LatestVersion}). Upgrade the service.");
        }

        var applied = new List<int>();
        foreach (var (version, name, sql) in Migrations)
        {
            if (version <= current)
            {
                continue;
            }

            await ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
            await using (var record = new NpgsqlCommand("INSERT INTO chat_schema_migrations (version, name) VALUES (@version, @name);", connection, transaction))
            {
                record.Parameters.AddWithValue("version", version);
                record.Parameters.AddWithValue("name", name);
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            applied.Add(version);
            current = version;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (applied, current);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static List<(int, string, string)> LoadMigrations() =>
        [.. EmbeddedMigrations.Load(ResourcePrefix, "PostgreSQL").Select(m => (m.Version, m.Name, m.Sql))];
}
