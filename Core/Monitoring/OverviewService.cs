using LeadScoring.Engine.Drift;
using LeadScoring.Core.Models;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using LeadScoring.Engine.Domain;

namespace LeadScoring.Core.Monitoring;

/// <summary>Reads the Overview: probes with uptime, traffic, champion, last prediction and the latest drift verdict.</summary>
public sealed class OverviewService(ILeadScoringDbFactory dbFactory, MonitoringQueries queries, ModelRegistry registry, TimeProvider time)
{
    public const string LocalTarget = "local";

    public async Task<OverviewSnapshot> ReadAsync(CancellationToken cancellationToken = default)
    {
        var probes = await ProbesAsync(cancellationToken);
        var lastHour = await queries.RequestsAsync(TimeWindow.Last(TimeSpan.FromHours(1), time), cancellationToken);
        var last15 = await queries.RequestsAsync(TimeWindow.Last(TimeSpan.FromMinutes(15), time), cancellationToken);
        var champion = await registry.ChampionAsync(cancellationToken);
        var last = await queries.LastPredictionAsync(cancellationToken);
        var day = TimeWindow.Last(TimeSpan.FromDays(1), time);
        // From the rollups: a busy day is millions of rows to count.
        var count = await queries.PredictionCountAsync(day, cancellationToken: cancellationToken);
        return new OverviewSnapshot(probes, lastHour, last15, champion, last, count, await LatestDriftAsync(cancellationToken));
    }

    private async Task<IReadOnlyList<ProbeStatus>> ProbesAsync(CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var since = TimeWindow.Last(TimeSpan.FromDays(7), time);
        var targets = await db.HealthProbes.Where(h => h.TimestampMs >= since.FromMs && h.Target != "write-check")
            .Select(h => h.Target).Distinct().ToListAsync(cancellationToken);
        var result = new List<ProbeStatus>();
        foreach (var target in targets.OrderBy(t => t == LocalTarget ? "" : t, StringComparer.Ordinal))
        {
            var latest = await db.HealthProbes.Where(h => h.Target == target).OrderByDescending(h => h.TimestampMs).FirstAsync(cancellationToken);
            result.Add(new ProbeStatus(target, latest.Healthy, latest.Status, DateTimeOffset.FromUnixTimeMilliseconds(latest.TimestampMs),
                latest.DurationMs, latest.Detail,
                await queries.UptimeAsync(target, TimeWindow.Last(TimeSpan.FromDays(1), time), cancellationToken),
                await queries.UptimeAsync(target, since, cancellationToken)));
        }
        return result;
    }

    private async Task<LatestDrift?> LatestDriftAsync(CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var batch = await db.Batches.AsNoTracking()
            .Where(b => b.Status == BatchStatus.Completed && b.DriftJson != null)
            .OrderByDescending(b => b.CompletedAtUtc)
            .Select(b => new { b.Id, b.FileName, b.CompletedAtUtc, b.DriftJson })
            .FirstOrDefaultAsync(cancellationToken);
        if (batch is null)
        {
            return null;
        }
        var report = DriftReportJson.Deserialize(batch.DriftJson!);
        return new LatestDrift(batch.Id, batch.FileName, batch.CompletedAtUtc ?? default, report.AlertLevel, report.DriftShare, report.DriftedColumns, report.TestedColumns);
    }
}
