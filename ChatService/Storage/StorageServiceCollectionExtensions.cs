using ChatService.Chat;
using ChatService.SocketIO.Recovery;
using ChatService.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatService.Storage;

/// <summary>Registers the message store.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="StorageOptions"/> to the <c>Storage</c> section, registers the <see cref="IMessageStore"/> of the
    /// configured provider (replacing any registered before), and initializes it at start-up. The store is disposed
    /// with the container (queued messages are written first).
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.Provider == StorageProvider.Sqlite,
                "Storage:Provider=Postgres is not available in this build yet; use Sqlite.")
            .ValidateOnStart();

        services.AddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var connectionString = string.IsNullOrWhiteSpace(options.ConnectionString)
                ? SqliteMessageStore.ConnectionStringFor(
                    Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, options.SqlitePath))
                : options.ConnectionString;
            return new SqliteMessageStore(connectionString, options, sp.GetRequiredService<ILogger<SqliteMessageStore>>());
        });

        services.AddSingleton<IMessageStore>(static sp =>
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider switch
            {
                StorageProvider.Sqlite => sp.GetRequiredService<SqliteMessageStore>(),
                var other => throw new InvalidOperationException($"Storage provider {other} is not available in this build."),
            });

        // With SQLite, sessions kept for connection state recovery live in the same file (they survive restarts).
        services.Replace(ServiceDescriptor.Singleton<ISocketSessionStore>(static sp =>
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Sqlite
                ? ActivatorUtilities.CreateInstance<SqliteSocketSessionStore>(sp)
                : ActivatorUtilities.CreateInstance<InMemorySocketSessionStore>(sp)));

        services.AddHostedService<StorageInitializer>();
        return services;
    }
}
