using LeadScoring.Core.Alerts;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Tests.Storage;
using Npgsql;

namespace LeadScoring.Core.Tests.Alerts;

/// <summary>The alert tables on a real PostgreSQL server (scripts/start-test-postgres.sh): history, repeats, silences, states.</summary>
public sealed class PostgresAlertTests
{
    [PostgresFact]
    public async Task FiresRepeatsSilencesAndResumes_OnPostgres()
    {
        var server = Environment.GetEnvironmentVariable("LEADSCORING_TEST_POSTGRES")!;
        var database = $"leadscoring_alerts_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var storage = new StorageOptions { Provider = "Postgres", ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString };
        try
        {
            await RunAsync(storage);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task RunAsync(StorageOptions storage)
    {
        const string rules = """
            {"version": 1, "rules": [{"name": "queue", "signal": "queue_depth_share", "comparison": "greater_or_equal", "threshold": 0, "repeat_interval_seconds": 3600}]}
            """;
        await using (var host = new AlertTestHost(storage: storage))
        {
            await host.Store.ImportAsync(rules, "test");
            await host.Evaluation.EvaluateAsync();
            await host.Store.SilenceAsync("queue", AlertTestHost.Start.AddHours(3).UtcDateTime, "ops", null);
            host.Clock.Now = AlertTestHost.Start.AddHours(1);
            await host.Evaluation.EvaluateAsync();
            Assert.Equal([AlertNotificationKind.Fired], host.Notifier.Sent.Select(n => n.Kind));
            Assert.Single(await host.Store.SilencesAsync());
        }
        await using (var again = new AlertTestHost(storage: storage))
        {
            await again.Store.UnsilenceAsync("queue", "ops");
            again.Clock.Now = AlertTestHost.Start.AddHours(2);
            await again.Evaluation.EvaluateAsync();
            Assert.Equal([AlertNotificationKind.Repeat], again.Notifier.Sent.Select(n => n.Kind));
            var alert = Assert.Single(await again.Store.AlertsAsync(firingOnly: true));
            Assert.Equal(AlertTestHost.Start.AddHours(2).UtcDateTime, alert.LastNotifiedAtUtc);
        }
    }
}
