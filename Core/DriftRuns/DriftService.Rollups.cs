using System.Globalization;
using LeadScoring.Core.Models;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Rollups;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Features;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.DriftRuns;

public sealed partial class DriftService
{
    /// <summary>
    /// Window drift from the hourly drift counts (<see cref="FeatureRollups"/>): whole hours the rollups count
    /// completely are summed, the rest (the window's partial first and last hours, the hour still open, hours stored
    /// before rollups existed or of another reference) is read row by row and added. The same report as reading
    /// every row (KS and p-values exactly, Wasserstein to 1e-9), over the whole window, in a time that grows with the
    /// hours rather than the rows. Null when the rollups cannot answer (then the rows are read as before); a reason
    /// worth telling is added to <paramref name="notices"/>.
    /// </summary>
    private async Task<DriftRun?> TryRunFromRollupsAsync(PredictionFilter filter, string subject, DriftReference reference, int versionId,
        string versionLabel, List<string> notices, DriftOptions options, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        var window = filter.Window;
        var hourFrom = PredictionRollups.CeilHour(Math.Max(0, window.FromMs));
        if (rollups is null || !FeatureRollups.Enabled || filter.BatchId is not null || hourFrom >= window.ToMs)
        {
            return null;
        }
        progress?.Report(new BuildProgress(0.02, "Reading hourly drift counts"));
        var (rolledUpTo, rolledCounts) = await rollups.HourCountsAsync(hourFrom, PredictionRollups.FloorHour(window.ToMs), filter.ModelVersionId, cancellationToken);
        // Hours not rolled up yet (the open hour, one closed within the grace) are counted from the rows' index instead.
        var openFrom = Math.Max(hourFrom, rolledUpTo);
        var openTo = Math.Min(PredictionRollups.CeilHour(window.ToMs), openFrom + OpenHoursCounted * PredictionRollups.HourMs);
        await using var db = dbFactory.CreateDbContext();
        var (_, hash) = await FeatureRollups.ReferenceAsync(db, versionId, cancellationToken);
        // The counts first, the rows' numbers after: both are written in one transaction, so a write landing between
        // the two reads makes the hour disagree (read as rows), never agree wrongly.
        var hours = await FeatureRollups.HoursAsync(db, hourFrom, Math.Max(openTo, Math.Min(rolledUpTo, PredictionRollups.FloorHour(window.ToMs))),
            filter.ModelVersionId, cancellationToken);
        var predictionCounts = new Dictionary<(long Hour, int Version), long>(rolledCounts);
        for (var hour = openFrom; hour < openTo; hour += PredictionRollups.HourMs)
        {
            var end = hour + PredictionRollups.HourMs;
            // An hour the window ends inside is whole only when none of its rows lie after the window's end.
            if (end > window.ToMs && await Filtered(db, filter with { Window = new(window.ToMs, end) }).AnyAsync(cancellationToken))
            {
                continue;
            }
            var perVersion = await Filtered(db, filter with { Window = new(hour, end) }).GroupBy(p => p.ModelVersionId)
                .Select(g => new { Version = g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
            foreach (var v in perVersion)
            {
                predictionCounts[(hour, v.Version)] = v.Count;
            }
        }
        var complete = FeatureRollups.CompleteHours(predictionCounts, hours, hash);
        if (complete.Count == 0)
        {
            return null;
        }
        var raw = RawRanges(window, complete);
        var cap = Math.Max(1, serviceOptions.Value.MaxWindowRows);
        var rawRows = 0L;
        foreach (var (from, to) in raw)
        {
            rawRows += await Filtered(db, filter with { Window = new(from, to) }).LongCountAsync(cancellationToken);
        }
        if (rawRows > cap)
        {
            return null; // the rows outside complete hours alone pass the cap: the capped row read answers instead
        }
        var counts = FeatureRollups.Sum(hours, complete, reference, hash);
        var counted = predictionCounts.Where(c => complete.Contains(c.Key.Hour)).Sum(c => c.Value);
        var versions = predictionCounts.Where(c => complete.Contains(c.Key.Hour)).Select(c => c.Key.Version).ToHashSet();
        progress?.Report(new BuildProgress(0.3, string.Create(CultureInfo.InvariantCulture, $"Reading {rawRows:N0} rows outside whole hours")));
        var rest = await ReadRangesAsync(db, filter, raw, (int)rawRows, versions, cancellationToken);
        counts.Add(reference, rest.Columns, rest.Scores, +1, int.MaxValue);
        await SupplyScoreGapsAsync(db, filter, counts, reference, complete, rest.Scores, cancellationToken);

        if (counts.Rows == 0)
        {
            return null; // nothing with features: the row read says so
        }
        progress?.Report(new BuildProgress(0.8, string.Create(CultureInfo.InvariantCulture, $"Testing {counts.Rows:N0} rows")));
        var report = await Task.Run(() => DriftDetector.RunFromCounts(reference, counts, options, out var reason) is { } r ? (r, (string?)null) : (null, reason),
            cancellationToken);
        if (report.Item1 is null)
        {
            notices.Add($"The hourly drift counts could not answer exactly ({report.Item2}); the rows were read instead.");
            return null;
        }
        var available = counted + rawRows;
        var skipped = available - counts.Rows;
        if (skipped > 0)
        {
            notices.Add($"{skipped:N0} stored prediction(s) without the 47 features were left out.");
        }
        if (filter.ModelVersionId is null && versions.Count > 1)
        {
            notices.Add($"The window mixes predictions of {versions.Count} model versions, whose features come from different fitted encodings; choose one model version for a clean comparison.");
        }
        progress?.Report(new BuildProgress(1.0, "Done"));
        return new DriftRun(report.Item1, subject, ReferenceLabel(versionLabel), versionId, available, false, false, notices)
        {
            Computation = string.Create(CultureInfo.InvariantCulture,
                $"From hourly drift counts: {complete.Count:N0} whole hour(s) ({counted:N0} predictions) summed, {rawRows:N0} row(s) outside them read."),
        };
    }

    /// <summary>Hours after the rolled-up ones whose counts are checked against the rows (normally the open hour and one in its grace).</summary>
    private const int OpenHoursCounted = 3;

    /// <summary>The parts of the window outside the complete hours, adjacent hours joined.</summary>
    private static List<(long From, long To)> RawRanges(TimeWindow window, HashSet<long> complete)
    {
        var ranges = new List<(long From, long To)>();
        var at = window.FromMs;
        foreach (var hour in complete.Order())
        {
            if (at < hour)
            {
                ranges.Add((at, hour));
            }
            at = hour + PredictionRollups.HourMs;
        }
        if (at < window.ToMs)
        {
            ranges.Add((at, window.ToMs));
        }
        return ranges;
    }

    private sealed record RangeRows(LeadDriftColumnsBuilder Columns, double[] Scores);

    private static async Task<RangeRows> ReadRangesAsync(LeadScoringDbContext db, PredictionFilter filter, List<(long From, long To)> ranges,
        int expected, HashSet<int> versions, CancellationToken cancellationToken)
    {
        var builder = new LeadDriftColumnsBuilder(Math.Max(1, expected));
        var scores = new List<double>(expected);
        var row = new double[FeatureSchema.Count];
        foreach (var (from, to) in ranges)
        {
            var rows = Filtered(db, filter with { Window = new(from, to) }).Select(p => new { p.Score, p.Features, p.ModelVersionId });
            await foreach (var p in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                versions.Add(p.ModelVersionId);
                if (p.Features.Length != FeatureSchema.Count * sizeof(double))
                {
                    continue;
                }
                FeatureBlob.UnpackInto(p.Features, row);
                builder.Add(row);
                scores.Add(p.Score);
            }
        }
        return new RangeRows(builder, [.. scores]);
    }

    /// <summary>
    /// Where the scores kept too many values off the reference's grid, the Wasserstein distance needs the exact scores
    /// of the few gaps where the two distributions cross: read those scores (only the score column, only those gaps).
    /// </summary>
    private static async Task SupplyScoreGapsAsync(LeadScoringDbContext db, PredictionFilter filter, DriftCounts counts, DriftReference reference,
        HashSet<long> complete, double[] rawScores, CancellationToken cancellationToken)
    {
        var gaps = counts.ScoreGapsNeedingValues(reference);
        if (gaps.Count == 0)
        {
            return;
        }
        var hourRanges = new List<(long From, long To)>();
        foreach (var hour in complete.Order())
        {
            if (hourRanges.Count > 0 && hourRanges[^1].To == hour)
            {
                hourRanges[^1] = (hourRanges[^1].From, hour + PredictionRollups.HourMs);
            }
            else
            {
                hourRanges.Add((hour, hour + PredictionRollups.HourMs));
            }
        }
        foreach (var (gap, lower, upper) in gaps)
        {
            var values = rawScores.Where(s => s > lower && s < upper).ToList();
            foreach (var (from, to) in hourRanges)
            {
                var scores = Filtered(db, filter with { Window = new(from, to) }).Where(p => p.Features.Length == FeatureSchema.Count * sizeof(double));
                scores = double.IsNegativeInfinity(lower) ? scores : scores.Where(p => p.Score > lower);
                scores = double.IsPositiveInfinity(upper) ? scores : scores.Where(p => p.Score < upper);
                values.AddRange(await scores.Select(p => p.Score).ToListAsync(cancellationToken));
            }
            counts.SupplyScores(gap, [.. values]);
        }
    }
}
