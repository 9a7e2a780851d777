using LeadScoring.Engine.Performance.Cbpe;
using LeadScoring.Engine.Performance.Metrics;

namespace LeadScoring.Engine.Performance;

/// <summary>A monitoring window: realized metrics on every labelled row and CBPE per chunk.</summary>
/// <param name="Realized">Realized metrics with bootstrap intervals on all labelled rows of the window, or
/// <see cref="RealizedTooFewLabels"/>.</param>
/// <param name="Chunks">CBPE estimates per chunk, with realized values beside them where rows are labelled.</param>
public sealed record WindowPerformance(RealizedPerformance Realized, IReadOnlyList<CbpeChunkResult> Chunks);

/// <summary>The whole computation for a dashboard window in one sort and one pass.</summary>
public static class PerformanceEngine
{
    /// <summary>
    /// Realized metrics (exact point values, stratified-bootstrap intervals) on the labelled rows and CBPE estimates
    /// for each chunk, from one stable sort of the scores and one pass over them (see <c>ChunkPass</c>); the bootstrap
    /// then runs on <see cref="RealizedOptions.MaxDegreeOfParallelism"/> threads. The threshold is the state's.
    /// </summary>
    public static WindowPerformance Analyze(CbpeState state, ReadOnlySpan<double> scores, ReadOnlySpan<sbyte> outcomes,
        IReadOnlyList<Chunk> chunks, RealizedOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(chunks);
        if (scores.Length != outcomes.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {outcomes.Length} outcomes.", nameof(outcomes));
        }
        options = (options ?? new RealizedOptions()) with { Threshold = state.Threshold };
        var chunkOf = CbpeEstimator.ChunkIndex(chunks, scores.Length);
        var pass = ChunkPass.Run(scores, outcomes, chunkOf, chunks.Count, state.Threshold, state.Calibrator,
            collectUnits: true);
        var realized = RealizedCalculator.FromUnits(pass.LabelledUnits!, options);
        var results = CbpeEstimator.BuildResults(pass, chunks, state.SamplingErrors, state.Thresholds);
        return new WindowPerformance(realized, results);
    }
}
