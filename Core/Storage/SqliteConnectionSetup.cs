using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LeadScoring.Core.Storage;

/// <summary>
/// Per-connection SQLite settings: WAL lets the dashboard read while uploads write; synchronous=NORMAL is durable
/// under WAL except for the last commits on power loss (never corruption); foreign keys are off by default in SQLite.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
