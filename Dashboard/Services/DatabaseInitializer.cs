using LeadScoring.Core.Models;
using System.Text;
using LeadScoring.Core.Batches;
using LeadScoring.Core.Outcomes;
using LeadScoring.Engine.DemoData;
using LeadScoring.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using LeadScoring.Engine.Ingestion;

namespace LeadScoring.Dashboard.Services;

/// <summary>
/// Start-up, before the app serves: bring the schema up to date, close batches a crash left running, load the
/// champion model, and on a fresh store train version 1 from the demo reference data and seed demo batches.
/// </summary>
public sealed class DatabaseInitializer(
    ILeadScoringDbFactory dbFactory, ModelRegistry registry, BatchIngestionService ingestion, OutcomeService outcomes, IOptions<DemoDataOptions> demoOptions,
    IHostEnvironment environment, TimeProvider time, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = dbFactory.CreateDbContext())
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
                await db.Database.MigrateAsync(cancellationToken);
            }
        }
        var interrupted = await ingestion.RecoverInterruptedAsync(cancellationToken);
        if (interrupted > 0)
        {
            logger.LogWarning("Marked {Count} interrupted batch(es) as failed; none of their rows were stored", interrupted);
        }
        if (await registry.LoadChampionAsync(cancellationToken))
        {
            return;
        }
        var demo = DemoDataLocator.Find(demoOptions.Value, environment.ContentRootPath);
        if (demo is null)
        {
            logger.LogWarning("No champion model and no demo data found (set DemoData:Directory): predictions answer 503 until a model is registered");
            return;
        }
        await TrainFirstVersionAsync(demo, cancellationToken);
        if (demoOptions.Value.SeedBatches)
        {
            await SeedDemoBatchesAsync(demo, cancellationToken);
        }
        if (demoOptions.Value.SeedOutcomes)
        {
            await SeedDemoOutcomesAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task TrainFirstVersionAsync(string demoDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(demoDirectory, DemoDataLocator.ReferenceFile);
        var parse = LeadCsvReader.ReadFile(path);
        if (!parse.Succeeded)
        {
            logger.LogError("Demo reference data {Path} is invalid ({Count} errors); not training", path, parse.ErrorCount);
            return;
        }
        logger.LogInformation("Fresh store: training model version 1 on {Rows} demo reference leads", parse.RowCount);
        var built = await Task.Run(() => ModelVersionBuilder.Build(parse.RawRows, "demo reference", cancellationToken: cancellationToken), cancellationToken);
        var version = await registry.RegisterAsync(built.Version, "system", cancellationToken);
        await registry.PromoteAsync(version.Id, cancellationToken);
        logger.LogInformation("Model v{Version} is champion: holdout F1 {F1:0.000} (everyone-engaged baseline {Baseline:0.000}), ROC AUC {Auc:0.000}",
            version.Version, built.Holdout.F1, built.Holdout.BaselineF1, built.Holdout.RocAuc);
    }

    private async Task SeedDemoBatchesAsync(string demoDirectory, CancellationToken cancellationToken)
    {
        var scenarios = DemoDataLocator.ScenarioFiles(demoDirectory);
        var now = time.GetUtcNow();
        for (var i = 0; i < scenarios.Count; i++)
        {
            // Spread over the last day so the time-window pages have something to show.
            var at = now - TimeSpan.FromHours(4 * (scenarios.Count - i));
            await using var stream = File.OpenRead(scenarios[i]);
            var result = await ingestion.IngestAsync(stream, Path.GetFileName(scenarios[i]), "demo", timestamp: at, cancellationToken: cancellationToken);
            logger.LogInformation("Seeded demo batch {File}: {Status}, {Rows} rows, drift {Level}", Path.GetFileName(scenarios[i]), result.Status,
                result.Validation.Rows, result.Drift?.AlertLevel);
        }
    }

    private async Task SeedDemoOutcomesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = new List<OutcomeRow>();
        foreach (var week in DemoOutcomes.Generate())
        {
            var at = now - TimeSpan.FromDays(week.WeeksAgo * 7 - 3.5);
            var csv = new StringWriter();
            LeadCsvWriter.WriteRaw(csv, week.Leads, includeLabel: false, includeLeadId: true);
            await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
            var name = $"demo-week-{week.WeeksAgo}-{week.Kind.ToString().ToLowerInvariant()}.csv";
            await ingestion.IngestAsync(stream, name, "demo", timestamp: at, cancellationToken: cancellationToken);
            for (var i = 0; i < week.Leads.Count; i++)
            {
                var observed = at + TimeSpan.FromDays(week.OutcomeDelayDays[i]);
                if (observed < now)
                {
                    rows.Add(new OutcomeRow(rows.Count + 1, week.Leads[i].LeadId!, week.Leads[i].Engaged == 1, observed));
                }
            }
        }
        var report = await outcomes.RecordAsync(rows, "demo", cancellationToken);
        logger.LogInformation("Seeded 8 demo weeks for the Performance page: {Matched} outcomes so far", report.Matched);
    }
}
