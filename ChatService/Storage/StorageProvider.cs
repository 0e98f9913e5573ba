namespace ChatService.Storage;

/// <summary>Which database holds the messages.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file (the default; one node).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (several nodes share history); needs <c>Storage:ConnectionString</c>.</summary>
    Postgres,
}
