using System.Diagnostics;
using System.Globalization;
using LeadScoring.Core.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LeadScoring.Benchmarks;

/// <summary>A benchmark's command line was wrong; <see cref="Program"/> prints the message alone and exits 2.</summary>
internal sealed class BenchUsageException(string message) : Exception(message);

/// <summary>
/// The throwaway store a benchmark seeds and measures, chosen with <c>--store sqlite|postgres</c> (SQLite by default):
/// a temp SQLite file, or a fresh database <c>leadscoring_bench_&lt;guid&gt;</c> on the PostgreSQL server that
/// <c>LEADSCORING_TEST_POSTGRES</c> names (as <c>eval "$(scripts/start-test-postgres.sh)"</c> exports). Disposing
/// deletes the file or drops the database.
/// </summary>
internal sealed class BenchStore(StorageOptions options, string description, string? sqlitePath, string? server, string? database)
    : IAsyncDisposable
{
    public const string ServerVariable = "LEADSCORING_TEST_POSTGRES";
    private const string StoreFlag = "--store";

    /// <summary>Provider and connection string for <c>AddLeadScoringStorage</c>.</summary>
    public StorageOptions Options { get; } = options;

    /// <summary>"SQLite 3.x" or "PostgreSQL 15.x (database …)", for the benchmark's header line.</summary>
    public string Description { get; } = description;

    public bool IsPostgres => Options.IsPostgres;

    /// <summary>
    /// Takes <c>--store NAME</c> out of <paramref name="args"/> (the rest go to the benchmark's own parsing) and says
    /// whether it names PostgreSQL; checks the server variable is set before any work starts.
    /// </summary>
    public static bool TakeStoreFlag(string[] args, out string[] rest)
    {
        var at = Array.IndexOf(args, StoreFlag);
        if (at < 0)
        {
            rest = args;
            return false;
        }
        if (at + 1 >= args.Length)
        {
            throw new BenchUsageException($"{StoreFlag} needs a value: sqlite or postgres");
        }
        rest = [.. args[..at], .. args[(at + 2)..]];
        var name = args[at + 1].ToLowerInvariant();
        if (name is "sqlite")
        {
            return false;
        }
        if (name is not ("postgres" or "postgresql"))
        {
            throw new BenchUsageException($"{StoreFlag} {args[at + 1]}: expected sqlite or postgres");
        }
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ServerVariable)))
        {
            throw new BenchUsageException(
                $"{StoreFlag} postgres needs a server in {ServerVariable}: run eval \"$(scripts/start-test-postgres.sh)\" first (it starts a throwaway local server on port 55432 and exports {ServerVariable}).");
        }
        return true;
    }

    /// <summary>A new, empty store (not yet migrated); <paramref name="prefix"/> names the file so a leftover says which benchmark made it.</summary>
    public static async Task<BenchStore> CreateAsync(bool postgres, string prefix)
    {
        var id = Guid.NewGuid().ToString("N");
        if (!postgres)
        {
            var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{id}.db");
            await using var memory = new SqliteConnection("Data Source=:memory:");
            await memory.OpenAsync();
            return new BenchStore(new StorageOptions { Provider = "Sqlite", ConnectionString = $"Data Source={path}" },
                "SQLite " + memory.ServerVersion, path, null, null);
        }
        var server = Environment.GetEnvironmentVariable(ServerVariable)
            ?? throw new BenchUsageException($"{ServerVariable} is not set: run eval \"$(scripts/start-test-postgres.sh)\" first.");
        // Lower case and unquoted-safe (PostgreSQL folds names and allows 63 bytes: this is 50).
        var database = $"leadscoring_bench_{id}";
        string version;
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var show = new NpgsqlCommand("SHOW server_version", admin);
            version = (string)(await show.ExecuteScalarAsync())!;
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var options = new StorageOptions
        {
            Provider = "Postgres",
            ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString,
        };
        return new BenchStore(options, $"PostgreSQL {version} (database {database})", null, server, database);
    }

    /// <summary>
    /// After seeding, on PostgreSQL: VACUUM (ANALYZE), so the fresh rows are measured as a running server holds them.
    /// ANALYZE: autovacuum may not have analyzed the new rows yet, and without statistics the planner guesses. VACUUM:
    /// only it sets the visibility map, without which PostgreSQL cannot answer from the covering index alone
    /// (IX_predictions_window) and reads the table too; autovacuum would do both on a server that had the rows a while,
    /// but on its own schedule, so left to it they would run during the measurements and change them midway. SQLite
    /// needs neither for its covering index; it is left as the product leaves it (nothing there runs ANALYZE, so its
    /// planner works without sqlite_stat1 as in production).
    /// </summary>
    public async Task SettleAfterSeedAsync()
    {
        if (!IsPostgres)
        {
            return;
        }
        var started = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(Options.ConnectionString);
        await connection.OpenAsync();
        await using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE)", connection) { CommandTimeout = 0 };
        await vacuum.ExecuteNonQueryAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"VACUUM (ANALYZE) after seeding in {started.Elapsed.TotalSeconds:0.0} s"));
    }

    /// <summary>The store's size: the SQLite file (as before), or pg_database_size of the bench database.</summary>
    public async Task<string> SizeAsync()
    {
        if (sqlitePath is not null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{new FileInfo(sqlitePath).Length / 1e6:0} MB");
        }
        await using var connection = new NpgsqlConnection(Options.ConnectionString);
        await connection.OpenAsync();
        await using var size = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        var bytes = (long)(await size.ExecuteScalarAsync())!;
        return string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0} MB pg_database_size");
    }

    public async ValueTask DisposeAsync()
    {
        if (sqlitePath is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(sqlitePath + suffix);
            }
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
