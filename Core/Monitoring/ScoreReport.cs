using LeadScoring.Core.Models;
using LeadScoring.Core.Predictions;
namespace LeadScoring.Core.Monitoring;

/// <summary>Everything the score page shows for one filter.</summary>
/// <param name="Current">Stored scores in equal bins over [0, 1].</param>
/// <param name="Reference">The model version's reference scores in the same bins; null when it has none.</param>
/// <param name="Summary">Summary statistics of the stored scores (quantiles approximate on large windows, see <see cref="ScoreSummary"/>).</param>
/// <param name="Trend">Volume and mean score per time bucket.</param>
/// <param name="Version">The version the threshold and reference come from (chosen, else champion); null if none.</param>
public sealed record ScoreReport(Histogram Current, Histogram? Reference, ScoreSummary Summary,
    IReadOnlyList<ScoreTrendPoint> Trend, ModelVersionInfo? Version)
{
    public double Threshold => Summary.Threshold;
}

/// <summary>Loads a <see cref="ScoreReport"/>: the aggregates run side by side, each on its own context.</summary>
public sealed class ScoreReportQuery(MonitoringQueries queries, ModelVersionCatalog catalog)
{
    public async Task<ScoreReport> LoadAsync(PredictionFilter filter, int bins = 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var versions = await catalog.ListAsync(cancellationToken);
        var version = ModelVersionCatalog.Resolve(versions, filter.ModelVersionId);
        var threshold = version?.DecisionThreshold ?? ModelVersionCatalog.DefaultThreshold;

        var distribution = queries.ScoreDistributionAsync(filter, threshold, bins, cancellationToken);
        var trend = queries.ScoreTrendAsync(filter, cancellationToken);
        var referenceScores = version is null ? Task.FromResult<double[]?>(null) : catalog.ReferenceScoresAsync(version.Id, cancellationToken);
        await Task.WhenAll(distribution, trend, referenceScores);

        var reference = referenceScores.Result is { } scores ? ScoreDistribution.Bin(scores, bins) : null;
        var (histogram, summary) = distribution.Result;
        return new ScoreReport(histogram, reference, summary, trend.Result, version);
    }
}
