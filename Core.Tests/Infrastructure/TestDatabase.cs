using LeadScoring.Core.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LeadScoring.Core.Tests.Infrastructure;

/// <summary>
/// One throwaway database for a test or fixture, on the provider CI's run chose: a temp SQLite file by default, or
/// with <c>LEADSCORING_TEST_PROVIDER=postgres</c> a fresh database on the server <c>LEADSCORING_TEST_POSTGRES</c>
/// names (CREATE DATABASE with a unique name, dropped with FORCE on dispose). The same tests run on both.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string ProviderVariable = "LEADSCORING_TEST_PROVIDER";
    public const string ServerVariable = "LEADSCORING_TEST_POSTGRES";

    private readonly string? _server;
    private readonly string? _database;

    /// <param name="prefix">Names the file or database, so a leftover says which tests made it.</param>
    public TestDatabase(string prefix = "leadscoring-test")
    {
        var id = Guid.NewGuid().ToString("N");
        if (!UsePostgres)
        {
            SqlitePath = Path.Combine(Path.GetTempPath(), $"{prefix}-{id}.db");
            Options = new StorageOptions { Provider = "Sqlite", ConnectionString = $"Data Source={SqlitePath}" };
            return;
        }
        _server = Environment.GetEnvironmentVariable(ServerVariable)
            ?? throw new InvalidOperationException(
                $"{ProviderVariable}=postgres needs a server: run eval \"$(scripts/start-test-postgres.sh)\" first ({ServerVariable} is not set).");
        // PostgreSQL folds unquoted names to lower case and allows 63 bytes; quoted below, kept short and lower anyway.
        _database = $"{prefix.Replace('-', '_').ToLowerInvariant()}_{id}"[..Math.Min(63, prefix.Length + 33)];
        using (var admin = new NpgsqlConnection(_server))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin);
            create.ExecuteNonQuery();
        }
        Options = new StorageOptions
        {
            Provider = "Postgres",
            ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString,
        };
    }

    /// <summary>True when this test run stores on PostgreSQL (<c>LEADSCORING_TEST_PROVIDER=postgres</c>).</summary>
    public static bool UsePostgres =>
        string.Equals(Environment.GetEnvironmentVariable(ProviderVariable), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>Provider and connection string for <c>AddLeadScoringStorage</c> or the host's <c>Storage:*</c> settings.</summary>
    public StorageOptions Options { get; }

    /// <summary>The SQLite file, or null on PostgreSQL.</summary>
    public string? SqlitePath { get; }

    public void Dispose()
    {
        if (SqlitePath is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(SqlitePath + suffix);
            }
            return;
        }
        using (var pooled = new NpgsqlConnection(Options.ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        using var admin = new NpgsqlConnection(_server);
        admin.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
        drop.ExecuteNonQuery();
    }
}
