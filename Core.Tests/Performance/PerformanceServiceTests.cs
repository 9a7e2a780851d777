using LeadScoring.Core.Models;
using LeadScoring.Core.Outcomes;
using LeadScoring.Core.Performance;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Performance.Cbpe;
using LeadScoring.Engine.Performance.Metrics;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Tests.Performance;

/// <summary>
/// The service's plumbing on a real store: which predictions count as labelled, pending or without outcome, the
/// buckets, "too few labels", flags after two worse weeks, and CBPE from the version's stored holdout. The metric
/// values themselves are checked against scikit-learn and NannyML in Engine.Tests/Performance.
/// </summary>
[Trait("Store", "both")]
public sealed class PerformanceServiceTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task GetAsync_WeeklyBuckets_CountLabelledPendingAndNoOutcomeByTheRule()
    {
        var versionId = await RegisterAsync();
        // 8 weeks back: weeks 8..5 fully labelled and as good as the holdout; weeks 4..3 labelled but random
        // (the model has lost its skill); the last 14 days unlabelled, so pending under a 30-day maturity.
        var random = new Random(7);
        var rows = new List<PredictionRecord>();
        for (var day = 56; day >= 1; day--)
        {
            for (var i = 0; i < 100; i++)
            {
                var score = random.NextDouble();
                int? label = day > 14 ? (random.NextDouble() < (day > 28 ? score * score : 0.35) ? 1 : 0) : null;
                rows.Add(new PredictionRecord
                {
                    TimestampMs = Now.AddDays(-day).AddMinutes(i).ToUnixTimeMilliseconds(), ModelVersionId = versionId,
                    Score = score, PredictedEngaged = score >= 0.5, ActualEngaged = label, Features = FeatureBlob.Pack(new double[47]),
                });
            }
        }
        await using (var db = _store.Factory.CreateDbContext())
        {
            db.Predictions.AddRange(rows);
            await db.SaveChangesAsync();
        }

        var report = await Service(maturityDays: 30).GetAsync(new PerformanceQuery(
            new TimeWindow(Now.AddDays(-60).ToUnixTimeMilliseconds(), Now.ToUnixTimeMilliseconds()), ChunkPeriod.Week, versionId));

        Assert.Equal(5600, report.Rows);
        Assert.Equal(4200, report.Labelled);
        Assert.Equal(1400, report.Pending);
        Assert.Equal(0, report.NoOutcome);
        Assert.Equal(5600, report.Buckets.Sum(b => b.Rows));
        Assert.Equal("isotonic", report.Cbpe!.Calibration);
        // The first request fitted CBPE on the stored holdout and stored the state (the calibration choice) with the version.
        await using (var check = _store.Factory.CreateDbContext())
        {
            var stored = PerformanceReference.FromJson((await check.ModelVersions.FindAsync(versionId))!.PerformanceReferenceJson!);
            Assert.False(stored.NeedsFit);
            Assert.Equal("isotonic", stored.Cbpe()!.Calibration);
        }
        Assert.All(report.Buckets, b => Assert.NotNull(b.Estimated));
        // Realized F1 of the whole window equals a direct count over the labelled rows.
        var labelled = rows.Where(r => r.ActualEngaged is not null).ToList();
        double tp = labelled.Count(r => r.Score >= 0.5 && r.ActualEngaged == 1);
        double fp = labelled.Count(r => r.Score >= 0.5 && r.ActualEngaged == 0);
        double fn = labelled.Count(r => r.Score < 0.5 && r.ActualEngaged == 1);
        var f1 = Assert.IsType<MetricEstimate>(((RealizedMetrics)report.Realized).F1);
        Assert.Equal(2 * tp / (2 * tp + fp + fn), f1.Value, 12);
        Assert.True(f1.Lower < f1.Value && f1.Value < f1.Upper);
        // The unlabelled weeks show "too few labels"; the random weeks are worse than the holdout for ROC AUC, and
        // only the second of them is flagged (a single bucket never flags).
        Assert.IsType<RealizedTooFewLabels>(report.Buckets[^1].Realized);
        var auc = report.Flags["roc_auc"];
        var worse = auc.Select((f, i) => (f, i)).Where(x => x.f.Worse).Select(x => x.i).ToArray();
        Assert.NotEmpty(worse);
        Assert.All(auc.Where(f => f.Flagged), f => Assert.True(f.WorseRun >= 2));
        Assert.Contains(auc, f => f.Flagged);
        Assert.NotNull(report.Capacity);
        Assert.Equal(2, report.TopK.Count); // realized and expected precision@50
    }

    [Fact]
    public async Task GetAsync_AbsentMeansNegative_CountsMatureUnlabelledAsNotConverted()
    {
        var versionId = await RegisterAsync();
        await using (var db = _store.Factory.CreateDbContext())
        {
            for (var i = 0; i < 300; i++)
            {
                db.Predictions.Add(new PredictionRecord
                {
                    TimestampMs = Now.AddDays(i < 200 ? -40 : -2).ToUnixTimeMilliseconds(), ModelVersionId = versionId,
                    Score = 0.7, PredictedEngaged = true, Features = FeatureBlob.Pack(new double[47]),
                });
            }
            await db.SaveChangesAsync();
        }
        var window = new TimeWindow(Now.AddDays(-60).ToUnixTimeMilliseconds(), Now.ToUnixTimeMilliseconds());

        var leftOut = await Service(30).GetAsync(new PerformanceQuery(window, ChunkPeriod.Month, versionId));
        var negative = await Service(30, absentMeansNegative: true).GetAsync(new PerformanceQuery(window, ChunkPeriod.Month, versionId));

        Assert.Equal((0, 100, 200), (leftOut.Labelled, leftOut.Pending, leftOut.NoOutcome));
        Assert.IsType<RealizedTooFewLabels>(leftOut.Realized);
        Assert.Equal((200, 100, 0), (negative.Labelled, negative.Pending, negative.NoOutcome));
        Assert.Equal(0.0, ((RealizedMetrics)negative.Realized).BaseRate);
    }

    [Fact]
    public async Task GetAsync_VersionWithoutHoldout_SaysWhyThereIsNoEstimate()
    {
        await using (var db = _store.Factory.CreateDbContext())
        {
            db.ModelVersions.Add(new ModelVersionRecord { Version = 1, Name = "imported", Status = ModelStatus.Champion, Origin = "imported" });
            await db.SaveChangesAsync();
        }

        var report = await Service(30).GetAsync(new PerformanceQuery(TimeWindow.All, ChunkPeriod.Week));

        Assert.Null(report.Cbpe);
        Assert.Equal("this version was registered without a labelled holdout", report.CbpeUnavailable);
        Assert.Equal(0, report.Rows);
    }

    private PerformanceService Service(int maturityDays, bool absentMeansNegative = false) =>
        new(_store.Factory, new ModelVersionCatalog(_store.Factory), new FixedTimeProvider(Now),
            Options.Create(new OutcomeOptions { MaturityDays = maturityDays, AbsentMeansNegative = absentMeansNegative }),
            Options.Create(new PerformanceOptions { Resamples = 200 }));

    /// <summary>A version whose holdout follows P(convert | score) = score² (an over-confident model).</summary>
    private async Task<int> RegisterAsync()
    {
        var random = new Random(11);
        var scores = Enumerable.Range(0, 2000).Select(_ => random.NextDouble()).ToArray();
        var labels = scores.Select(s => random.NextDouble() < s * s ? 1 : 0).ToArray();
        var record = new ModelVersionRecord
        {
            Version = 1, Name = "test", Status = ModelStatus.Champion, Origin = "trained", DecisionThreshold = 0.5,
            PerformanceReferenceJson = new LabelledScores(scores, labels).ToJson(), // as the registry stores it
        };
        await using var db = _store.Factory.CreateDbContext();
        db.ModelVersions.Add(record);
        await db.SaveChangesAsync();
        return record.Id;
    }
}
