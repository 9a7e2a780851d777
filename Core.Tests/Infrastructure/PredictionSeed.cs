using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
namespace LeadScoring.Core.Tests.Infrastructure;

/// <summary>Writes small, known model versions and predictions into a test store.</summary>
public static class PredictionSeed
{
    /// <summary>2026-03-01 12:00 UTC: "now" for page tests.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static ModelVersionRecord AddModel(ILeadScoringDbFactory factory, int version, ModelStatus status, double threshold,
        double[]? referenceScores = null, string name = "")
    {
        using var db = factory.CreateDbContext();
        var record = new ModelVersionRecord
        {
            Version = version, Name = name, Status = status, DecisionThreshold = threshold, Origin = "trained",
            CreatedAtUtc = Now.UtcDateTime.AddDays(-40), CreatedBy = "test",
            ReferenceScores = referenceScores is null ? null : FeatureBlob.Pack(referenceScores),
        };
        db.ModelVersions.Add(record);
        db.SaveChanges();
        return record;
    }

    /// <summary>One prediction per score, a minute apart ending <paramref name="minutesAgo"/> minutes before <see cref="Now"/>.</summary>
    public static void AddPredictions(ILeadScoringDbFactory factory, int modelVersionId, IReadOnlyList<double> scores,
        double threshold = 0.5, long? batchId = null, int minutesAgo = 5, Func<int, double>? inferenceMs = null)
    {
        using var db = factory.CreateDbContext();
        var end = Now.AddMinutes(-minutesAgo).ToUnixTimeMilliseconds();
        for (var i = 0; i < scores.Count; i++)
        {
            double[] features = [.. Enumerable.Range(0, 47).Select(f => f + i / 100.0)];
            db.Predictions.Add(new PredictionRecord
            {
                TimestampMs = end - 60_000L * (scores.Count - 1 - i),
                BatchId = batchId,
                ModelVersionId = modelVersionId,
                Score = scores[i],
                PredictedEngaged = scores[i] >= threshold,
                ActualEngaged = i % 3 == 0 ? 1 : null,
                InferenceMs = inferenceMs?.Invoke(i) ?? i + 1,
                EndToEndMs = 10 * (i + 1),
                Features = FeatureBlob.Pack(features),
                Source = batchId is null ? PredictionSource.Api : PredictionSource.Upload,
            });
        }
        db.SaveChanges();
    }
}

/// <summary>A clock standing still at a given instant (timers still run on the system clock).</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
