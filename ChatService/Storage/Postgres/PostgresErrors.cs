using System.Net.Sockets;
using ChatService.Chat;
using Npgsql;

namespace ChatService.Storage.Postgres;

/// <summary>Turns PostgreSQL failures into <see cref="MessageStoreException"/> with a message an operator can act on.</summary>
internal static class PostgresErrors
{
    /// <summary>Whether <paramref name="exception"/> is one the store translates.</summary>
    public static bool IsStoreFailure(Exception exception) =>
        exception is NpgsqlException or TimeoutException or SocketException or IOException;

    /// <summary>The exception to throw for <paramref name="exception"/> during <paramref name="operation"/>.</summary>
    public static MessageStoreException Translate(Exception exception, string operation, string server)
    {
        var reason = exception switch
        {
            PostgresException { SqlState: "3D000" } => "the database does not exist (create it first)",
            PostgresException { SqlState: "28P01" or "28000" } => "authentication failed (check the user and password)",
            PostgresException { SqlState: "42501" } => "permission denied (the user needs to create tables on first start)",
            PostgresException { SqlState: "53300" } => "the server has too many connections",
            PostgresException { SqlState: "57P01" or "57P02" or "57P03" } => "the server is shutting down or starting up",
            PostgresException postgres => $"PostgreSQL error {postgres.SqlState}: {postgres.MessageText}",
            NpgsqlException { InnerException: TimeoutException } or TimeoutException => "the server did not answer in time",
            NpgsqlException { InnerException: SocketException or IOException } => "the server cannot be reached",
            _ => exception.Message,
        };

        return new MessageStoreException($"Message store ({server}): {operation} failed: {reason}.", exception);
    }
}
