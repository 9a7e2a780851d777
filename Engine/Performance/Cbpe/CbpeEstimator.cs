using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Performance.Calibration;

namespace LeadScoring.Engine.Performance.Cbpe;

/// <summary>
/// Confidence-based performance estimation (CBPE) for the binary lead model at one serving threshold, as NannyML 0.13
/// defines it (nannyml/performance_estimation/confidence_based/cbpe.py <c>CBPE._fit_binary</c>/<c>_estimate</c>,
/// metrics.py, nannyml/sampling_error/binary_classification.py, nannyml/thresholds.py, nannyml/chunk.py).
/// </summary>
public static class CbpeEstimator
{
    /// <summary>
    /// Fits on the reference set (every row labelled): the calibration decision (<see
    /// cref="CalibrationAnalysis.NeedsCalibration"/>) and, when it says so, an isotonic calibrator on all reference
    /// rows; the sampling-error components; the reference chunks' realized values and from them the alert thresholds
    /// (mean ± 3σ, clipped to [0, 1]). Reference chunks default to NannyML's <c>DefaultChunker</c> (10 chunks).
    /// </summary>
    public static CbpeState Fit(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels,
        double threshold = ScoreRules.DefaultThreshold, IReadOnlyList<Chunk>? referenceChunks = null)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels.", nameof(labels));
        }
        if (scores.Length == 0)
        {
            throw new ArgumentException("The reference set is empty.", nameof(scores));
        }
        var n = scores.Length;
        var outcomes = new sbyte[n];
        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < n; i++)
        {
            Metrics.ScoreUnits.ValidateScore(scores[i], i);
            if (labels[i] is not (0 or 1))
            {
                throw new ArgumentException($"Reference label {i + 1} is {labels[i]}; labels are 0 or 1.", nameof(labels));
            }
            outcomes[i] = (sbyte)labels[i];
            var engaged = ScoreRules.IsEngaged(scores[i], threshold);
            if (labels[i] == 1)
            {
                if (engaged) { tp++; } else { fn++; }
            }
            else
            {
                if (engaged) { fp++; } else { tn++; }
            }
        }

        // CBPE._fit_binary: the metrics (sampling-error components, thresholds) are fitted on the uncalibrated
        // scores, then needs_calibration decides and the calibrator is fitted on the whole reference.
        var decision = CalibrationAnalysis.NeedsCalibration(scores, labels);
        var calibrator = decision.NeedsCalibration ? IsotonicCalibrator.Fit(scores, labels) : null;
        var components = new Dictionary<string, SamplingErrorComponents>(StringComparer.Ordinal)
        {
            ["roc_auc"] = SamplingError.RocAuc(scores, labels),
            ["f1"] = SamplingError.F1(tp, fp, fn, n),
            ["precision"] = SamplingError.Precision(tp, fp, n),
            ["recall"] = SamplingError.Recall(tp, fn, n),
            ["accuracy"] = SamplingError.Accuracy(tp + tn, n),
        };

        var chunks = referenceChunks ?? Chunking.Default(n);
        var chunkOf = ChunkIndex(chunks, n);
        var pass = ChunkPass.Run(scores, outcomes, chunkOf, chunks.Count, threshold, calibrator, collectUnits: false);
        var realized = Enumerable.Range(0, chunks.Count).Select(pass.Realized).ToArray();
        var thresholds = new Dictionary<string, MetricThreshold>(StringComparer.Ordinal);
        foreach (var metric in CbpeMetrics.Names)
        {
            thresholds[metric] = AlertThresholds.StandardDeviation(
                realized.Select(r => r is null ? double.NaN : r[metric]).ToArray());
        }
        var results = BuildResults(pass, chunks, components, thresholds);
        var chunkSize = referenceChunks is null ? n / Chunking.DefaultChunkCount : chunks.Count > 0 ? chunks[0].Count : n;
        return new CbpeState(threshold, calibrator is null ? "none" : "isotonic", decision, calibrator, components,
            thresholds, results, n, tp + fn, Math.Max(1, chunkSize), ScoreBins(scores, labels, 100));
    }

    /// <summary>Up to <paramref name="bins"/> bins of about equal row count over the distinct scores.</summary>
    internal static IReadOnlyList<ReferenceScoreBin> ScoreBins(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, int bins)
    {
        var units = Metrics.ScoreUnits.FromPairs(scores, labels);
        var result = new List<ReferenceScoreBin>();
        var target = (double)units.Rows / bins;
        long cumulative = 0;
        int rows = 0, positives = 0, first = 0;
        for (var u = 0; u < units.Count; u++)
        {
            var count = units.PositiveCounts[u] + units.NegativeCounts[u];
            rows += count;
            positives += units.PositiveCounts[u];
            cumulative += count;
            if (u == units.Count - 1 || cumulative >= target * (result.Count + 1))
            {
                result.Add(new ReferenceScoreBin(units.Scores[first], units.Scores[u], rows, positives));
                rows = 0;
                positives = 0;
                first = u + 1;
            }
        }
        return result;
    }

    /// <summary>
    /// Estimates every chunk of the current data. <paramref name="outcomes"/> holds <see cref="Outcome"/> codes
    /// (−1 = not known yet); where outcomes are known the chunk also gets its realized values. Chunks must not
    /// overlap.
    /// </summary>
    public static IReadOnlyList<CbpeChunkResult> Estimate(CbpeState state, ReadOnlySpan<double> scores,
        ReadOnlySpan<sbyte> outcomes, IReadOnlyList<Chunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(chunks);
        if (scores.Length != outcomes.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {outcomes.Length} outcomes.", nameof(outcomes));
        }
        var chunkOf = ChunkIndex(chunks, scores.Length);
        var pass = ChunkPass.Run(scores, outcomes, chunkOf, chunks.Count, state.Threshold, state.Calibrator,
            collectUnits: false);
        return BuildResults(pass, chunks, state.SamplingErrors, state.Thresholds);
    }

    /// <summary>Estimates chunks of unlabelled scores.</summary>
    public static IReadOnlyList<CbpeChunkResult> Estimate(CbpeState state, ReadOnlySpan<double> scores,
        IReadOnlyList<Chunk> chunks)
    {
        var unknown = new sbyte[scores.Length];
        Array.Fill(unknown, Outcome.Unknown);
        return Estimate(state, scores, unknown, chunks);
    }

    internal static int[] ChunkIndex(IReadOnlyList<Chunk> chunks, int rowCount)
    {
        var chunkOf = new int[rowCount];
        Array.Fill(chunkOf, -1);
        for (var c = 0; c < chunks.Count; c++)
        {
            foreach (var row in chunks[c].Rows)
            {
                if ((uint)row >= (uint)rowCount)
                {
                    throw new ArgumentException($"Chunk {c} names row {row}, outside 0..{rowCount - 1}.", nameof(chunks));
                }
                if (chunkOf[row] >= 0)
                {
                    throw new ArgumentException($"Row {row} is in chunks {chunkOf[row]} and {c}; chunks must not overlap.",
                        nameof(chunks));
                }
                chunkOf[row] = c;
            }
        }
        return chunkOf;
    }

    internal static IReadOnlyList<CbpeChunkResult> BuildResults(ChunkPass pass, IReadOnlyList<Chunk> chunks,
        IReadOnlyDictionary<string, SamplingErrorComponents> components,
        IReadOnlyDictionary<string, MetricThreshold> thresholds)
    {
        var results = new CbpeChunkResult[chunks.Count];
        for (var c = 0; c < chunks.Count; c++)
        {
            var chunk = chunks[c];
            var rows = (int)pass.Rows[c];
            if (rows == 0)
            {
                var nan = new MetricValues(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
                results[c] = new CbpeChunkResult(c, chunk.Key, 0, 0, chunk.Start, chunk.End,
                    new ExpectedConfusion(0, 0, 0, 0), nan, nan, nan, nan, null, []);
                continue;
            }
            var estimated = pass.Estimated(c);
            var se = MetricValues.From(m => components[m].For(rows));
            var lower = MetricValues.From(m => Math.Max(0, estimated[m] - 3 * se[m]));
            var upper = MetricValues.From(m => Math.Min(1, estimated[m] + 3 * se[m]));
            var alerts = CbpeMetrics.Names.Where(m => thresholds[m].Alerts(estimated[m])).ToArray();
            results[c] = new CbpeChunkResult(c, chunk.Key, rows, (int)pass.Labelled[c], chunk.Start, chunk.End,
                pass.Confusion(c), estimated, se, lower, upper, pass.Realized(c), alerts);
        }
        return results;
    }
}
