namespace LeadScoring.Engine.Scoring;

/// <summary>
/// Turns processed feature rows (row-major doubles, <see cref="FeatureCount"/> per row) into P(engaged).
/// Implementations are thread-safe: one instance is shared by every request.
/// </summary>
public interface IScorer : IDisposable
{
    /// <summary>Number of features per row the model expects (47 for the lead-scoring models).</summary>
    int FeatureCount { get; }

    /// <summary>
    /// Scores <c>features.Length / FeatureCount</c> rows into <paramref name="probabilities"/> and returns the time
    /// spent, conversion included. Each double is converted once to float32, as the models compare in float32.
    /// </summary>
    TimeSpan Score(ReadOnlySpan<double> features, Span<double> probabilities);

    /// <summary>Scores one row of exactly <see cref="FeatureCount"/> features with minimal allocations.</summary>
    double ScoreOne(ReadOnlySpan<double> features);
}

/// <summary>Probabilities for a batch of rows and the time the scorer took for them.</summary>
/// <param name="Probabilities">P(engaged) per row, in input order (float32 model output widened to double).</param>
/// <param name="Elapsed">Wall time of conversion plus inference.</param>
public sealed record BatchScores(double[] Probabilities, TimeSpan Elapsed)
{
    /// <summary>Rows per second over <see cref="Elapsed"/>; 0 for an empty batch.</summary>
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? Probabilities.Length / Elapsed.TotalSeconds : 0;
}

/// <summary>Allocating conveniences over <see cref="IScorer"/>.</summary>
public static class ScorerExtensions
{
    /// <summary>Scores a row-major matrix and returns a new probability array with the timing.</summary>
    public static BatchScores ScoreBatch(this IScorer scorer, ReadOnlySpan<double> features)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        var rows = ScorerGuards.RowCount(features.Length, scorer.FeatureCount);
        var probabilities = new double[rows];
        var elapsed = scorer.Score(features, probabilities);
        return new BatchScores(probabilities, elapsed);
    }
}

internal static class ScorerGuards
{
    public static int RowCount(int featureValues, int featureCount)
    {
        if (featureValues % featureCount != 0)
        {
            throw new ArgumentException(
                $"The feature buffer holds {featureValues} values, not a whole number of {featureCount}-feature rows.");
        }
        return featureValues / featureCount;
    }
}
