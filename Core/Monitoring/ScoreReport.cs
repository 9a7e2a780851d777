using LeadScoring.Core.Registry;
namespace LeadScoring.Core.Monitoring;

/// <summary>Everything the score page shows for one filter.</summary>
/// <param name="Current">Stored scores in equal bins over [0, 1].</param>
/// <param name="Reference">The model version's reference scores in the same bins; null when it has none.</param>
/// <param name="Summary">Exact summary statistics of the stored scores.</param>
/// <param name="Trend">Volume and mean score per time bucket.</param>
/// <param name="Version">The version the threshold and reference come from (chosen, else champion); null if none.</param>
public sealed record ScoreReport(Histogram Current, Histogram? Reference, ScoreSummary Summary,
    IReadOnlyList<ScoreTrendPoint> Trend, ModelVersionInfo? Version)
{
    public double Threshold => Summary.Threshold;
}

/// <summary>Loads a <see cref="ScoreReport"/>: the three aggregates run side by side, each on its own context.</summary>
public sealed class ScoreReportQuery(MonitoringQueries queries, ModelVersionCatalog catalog)
{
    public async Task<ScoreReport> LoadAsync(PredictionFilter filter, int bins = 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var versions = await catalog.ListAsync(cancellationToken);
        var version = ModelVersionCatalog.Resolve(versions, filter.ModelVersionId);
        var threshold = version?.DecisionThreshold ?? ModelVersionCatalog.DefaultThreshold;

        var histogram = queries.ScoreHistogramAsync(filter, bins, cancellationToken);
        var summary = queries.ScoreSummaryAsync(filter, threshold, cancellationToken);
        var trend = queries.ScoreTrendAsync(filter, cancellationToken);
        var referenceScores = version is null ? Task.FromResult<double[]?>(null) : catalog.ReferenceScoresAsync(version.Id, cancellationToken);
        await Task.WhenAll(histogram, summary, trend, referenceScores);

        var reference = referenceScores.Result is { } scores ? ScoreDistribution.Bin(scores, bins) : null;
        return new ScoreReport(histogram.Result, reference, summary.Result, trend.Result, version);
    }
}
