using LeadScoring.Dashboard.Tests.Infrastructure;
using Npgsql;

namespace LeadScoring.Dashboard.Tests.Security;

/// <summary>
/// The dashboard on a throwaway PostgreSQL database of the test server (LEADSCORING_TEST_POSTGRES); without the
/// variable it is never started (its tests are skipped).
/// </summary>
public sealed class PostgresDashboardAppFactory : DashboardAppFactory
{
    private readonly string? _server = Environment.GetEnvironmentVariable("LEADSCORING_TEST_POSTGRES");
    private readonly string _database = $"leadscoring_dash_{Guid.NewGuid():N}";

    public PostgresDashboardAppFactory()
    {
        if (_server is null)
        {
            return;
        }
        using (var admin = new NpgsqlConnection(_server))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin);
            create.ExecuteNonQuery();
        }
        Settings["Storage:Provider"] = "Postgres";
        Settings["Storage:ConnectionString"] = new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _server is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var admin = new NpgsqlConnection(_server);
            admin.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
            drop.ExecuteNonQuery();
        }
    }
}
