using LeadScoring.Engine.Scoring;
using MathNet.Numerics.Distributions;

namespace LeadScoring.Engine.Performance.Metrics;

/// <summary>A metric's value: either defined, with its interval, or not defined (and why).</summary>
public abstract record MetricResult
{
    /// <summary>True for <see cref="MetricEstimate"/>.</summary>
    public abstract bool IsDefined { get; }
}

/// <summary>A defined metric with its percentile interval.</summary>
/// <param name="Value">The exact point value on all labelled rows.</param>
/// <param name="Lower">Lower end of the interval.</param>
/// <param name="Upper">Upper end of the interval.</param>
/// <param name="ValidResamples">Resamples in which the metric was defined (the percentiles use only these).</param>
public sealed record MetricEstimate(double Value, double Lower, double Upper, int ValidResamples) : MetricResult
{
    /// <inheritdoc />
    public override bool IsDefined => true;
}

/// <summary>A metric that has no value on these rows, e.g. ROC AUC when every lead has the same outcome.</summary>
/// <param name="Reason">Plain-language reason.</param>
public sealed record MetricNotDefined(string Reason) : MetricResult
{
    /// <inheritdoc />
    public override bool IsDefined => false;
}

/// <summary>A closed interval.</summary>
/// <param name="Lower">Lower end.</param>
/// <param name="Upper">Upper end.</param>
public sealed record Interval(double Lower, double Upper);

/// <summary>Options of <see cref="RealizedCalculator.Compute(ReadOnlySpan{double}, ReadOnlySpan{int}, RealizedOptions?)"/>.</summary>
public sealed record RealizedOptions
{
    /// <summary>A lead is predicted to convert ("engaged") iff score ≥ threshold (<see cref="ScoreRules.IsEngaged"/>).</summary>
    public double Threshold { get; init; } = ScoreRules.DefaultThreshold;

    /// <summary>Below this many labelled rows the result is <see cref="RealizedTooFewLabels"/>.</summary>
    public int MinimumLabelled { get; init; } = 100;

    /// <summary>Bootstrap resamples.</summary>
    public int Resamples { get; init; } = 1000;

    /// <summary>Seed of the bootstrap (fixed, so a page shows the same interval on every load).</summary>
    public ulong Seed { get; init; } = 20260501;

    /// <summary>Coverage of the percentile intervals.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>
    /// Most bootstrap cells. With at most this many distinct scores the bootstrap resamples distinct scores (exact);
    /// above it, adjacent scores are grouped into this many cells (see <see cref="BootstrapDiagnostics"/>).
    /// </summary>
    public int MaxBootstrapCells { get; init; } = 512;

    /// <summary>Threads for the bootstrap.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>How the bootstrap was run and how far its grouping can move an interval.</summary>
/// <param name="Resamples">Resamples drawn.</param>
/// <param name="Seed">Generator seed.</param>
/// <param name="ConfidenceLevel">Interval coverage.</param>
/// <param name="DistinctScores">Distinct scores among the labelled rows.</param>
/// <param name="Cells">Cells resampled (= <paramref name="DistinctScores"/> when <paramref name="Exact"/>).</param>
/// <param name="Exact">True when each cell is one distinct score, i.e. the textbook stratified bootstrap.</param>
/// <param name="RocAucBinningSd">
/// Upper bound, over all resamples, of the standard deviation of (cell-level ROC AUC − ROC AUC of the same resample at
/// row level); the cell-level value is the exact conditional mean given the cell counts, so the AUC interval ends
/// move by about this much at most. 0 when <paramref name="Exact"/>.
/// </param>
/// <param name="AveragePrecisionShift">
/// Exact AP − cell-level AP on the full sample; the AP resamples are shifted by it (0 when exact). The other metrics
/// need no shift: the threshold never falls inside a cell, and Brier/log-loss use the cells' mean losses per class.
/// </param>
public sealed record BootstrapDiagnostics(int Resamples, ulong Seed, double ConfidenceLevel, int DistinctScores,
    int Cells, bool Exact, double RocAucBinningSd, double AveragePrecisionShift);

/// <summary>Realized (label-based) performance on a set of predictions, or why there is none.</summary>
public abstract record RealizedPerformance
{
    /// <summary>Labelled rows.</summary>
    public abstract long Labelled { get; }
}

/// <summary>Fewer labelled rows than the configured minimum: no metric is shown.</summary>
/// <param name="LabelledRows">Labelled rows available.</param>
/// <param name="Minimum">The configured minimum (<see cref="RealizedOptions.MinimumLabelled"/>).</param>
public sealed record RealizedTooFewLabels(long LabelledRows, int Minimum) : RealizedPerformance
{
    /// <inheritdoc />
    public override long Labelled => LabelledRows;
}

/// <summary>Realized metrics with 95 % (by default) stratified-bootstrap percentile intervals.</summary>
/// <param name="LabelledRows">Labelled rows.</param>
/// <param name="Positives">Converted rows among them.</param>
/// <param name="Threshold">Engaged iff score ≥ threshold.</param>
/// <param name="Confusion">Counts at the threshold.</param>
/// <param name="BaseRate">Positives / labelled rows.</param>
/// <param name="BaseRateInterval">Wilson score interval of the base rate (the stratified bootstrap holds class counts
/// fixed, so it cannot give one).</param>
/// <param name="RocAuc">ROC AUC (sklearn <c>roc_auc_score</c>), bootstrap interval.</param>
/// <param name="RocAucDeLong">DeLong's asymptotic interval for the ROC AUC (computed exactly from the distinct-score
/// summary); null when the AUC is not defined.</param>
/// <param name="AveragePrecision">sklearn <c>average_precision_score</c>.</param>
/// <param name="Precision">Precision at the threshold.</param>
/// <param name="Recall">Recall at the threshold.</param>
/// <param name="F1">F1 at the threshold.</param>
/// <param name="Accuracy">Accuracy at the threshold.</param>
/// <param name="Brier">Brier score (sklearn <c>brier_score_loss</c>; lower is better).</param>
/// <param name="LogLoss">Log loss (sklearn 1.2.1 <c>log_loss</c> with labels [0, 1]; lower is better).</param>
/// <param name="Bootstrap">How the intervals were obtained.</param>
public sealed record RealizedMetrics(long LabelledRows, long Positives, double Threshold, ConfusionCounts Confusion,
    double BaseRate, Interval BaseRateInterval, MetricResult RocAuc, Interval? RocAucDeLong,
    MetricResult AveragePrecision, MetricResult Precision, MetricResult Recall, MetricResult F1, MetricResult Accuracy,
    MetricResult Brier, MetricResult LogLoss, BootstrapDiagnostics Bootstrap) : RealizedPerformance
{
    /// <inheritdoc />
    public override long Labelled => LabelledRows;

    /// <summary>The metric by its NannyML-style name (roc_auc, average_precision, precision, recall, f1, accuracy,
    /// brier, log_loss).</summary>
    public MetricResult Get(string name) => name switch
    {
        "roc_auc" => RocAuc,
        "average_precision" => AveragePrecision,
        "precision" => Precision,
        "recall" => Recall,
        "f1" => F1,
        "accuracy" => Accuracy,
        "brier" => Brier,
        "log_loss" => LogLoss,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown metric."),
    };
}

/// <summary>Realized metrics from (score, label) pairs.</summary>
public static class RealizedCalculator
{
    /// <summary>
    /// Every realized metric with its interval, or <see cref="RealizedTooFewLabels"/> when fewer than
    /// <see cref="RealizedOptions.MinimumLabelled"/> rows are given. Point values are exact on the raw pairs; see
    /// <see cref="BootstrapDiagnostics"/> for the intervals.
    /// </summary>
    public static RealizedPerformance Compute(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels,
        RealizedOptions? options = null)
    {
        options ??= new RealizedOptions();
        if (scores.Length < options.MinimumLabelled)
        {
            if (scores.Length != labels.Length)
            {
                throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels.", nameof(labels));
            }
            return new RealizedTooFewLabels(scores.Length, options.MinimumLabelled);
        }
        return FromUnits(ScoreUnits.FromPairs(scores, labels), options);
    }

    internal static RealizedPerformance FromUnits(ScoreUnits units, RealizedOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Resamples, 1);
        if (!(options.ConfidenceLevel > 0 && options.ConfidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "ConfidenceLevel must be in (0, 1).");
        }
        if (units.Rows < options.MinimumLabelled || units.Rows == 0)
        {
            return new RealizedTooFewLabels(units.Rows, options.MinimumLabelled);
        }
        var threshold = options.Threshold;
        var confusion = RankMetrics.Confusion(units, threshold);
        var exact = new double[StratifiedBootstrap.MetricCount];
        exact[(int)BootMetric.RocAuc] = RankMetrics.RocAuc(units);
        exact[(int)BootMetric.AveragePrecision] = RankMetrics.AveragePrecision(units);
        exact[(int)BootMetric.Precision] = RankMetrics.Precision(confusion);
        exact[(int)BootMetric.Recall] = RankMetrics.Recall(confusion);
        exact[(int)BootMetric.F1] = RankMetrics.F1(confusion);
        exact[(int)BootMetric.Accuracy] = RankMetrics.Accuracy(confusion);
        exact[(int)BootMetric.Brier] = RankMetrics.Brier(units);
        exact[(int)BootMetric.LogLoss] = RankMetrics.LogLoss(units);

        var cells = BootstrapCells.Build(units, threshold, options.MaxBootstrapCells);
        // The cell-level statistic at the original counts: equal to the exact value except for AP on grouped cells.
        var atOriginal = new double[StratifiedBootstrap.MetricCount];
        StratifiedBootstrap.Evaluate(cells, cells.Positives, cells.Negatives, atOriginal);
        var (values, aucSd) = StratifiedBootstrap.Run(cells, options.Resamples, options.Seed,
            options.MaxDegreeOfParallelism);

        var alpha = (1 - options.ConfidenceLevel) / 2;
        var results = new MetricResult[StratifiedBootstrap.MetricCount];
        var apShift = 0.0;
        for (var m = 0; m < results.Length; m++)
        {
            if (double.IsNaN(exact[m]))
            {
                results[m] = new MetricNotDefined(NotDefinedReason((BootMetric)m, units, confusion));
                continue;
            }
            var shift = cells.IsExact ? 0 : exact[m] - atOriginal[m];
            if (m == (int)BootMetric.AveragePrecision)
            {
                apShift = shift;
            }
            var column = values[m];
            var valid = 0;
            for (var r = 0; r < column.Length; r++)
            {
                if (!double.IsNaN(column[r]))
                {
                    column[valid++] = column[r] + shift;
                }
            }
            Array.Sort(column, 0, valid);
            var lower = StratifiedBootstrap.Percentile(column, valid, 100 * alpha);
            var upper = StratifiedBootstrap.Percentile(column, valid, 100 * (1 - alpha));
            results[m] = new MetricEstimate(exact[m], lower, upper, valid);
        }
        var z = Normal.InvCDF(0, 1, 1 - alpha);
        return new RealizedMetrics(units.Rows, units.Positives, threshold, confusion,
            (double)units.Positives / units.Rows, Wilson(units.Positives, units.Rows, z),
            results[(int)BootMetric.RocAuc], DeLong.Interval(units, exact[(int)BootMetric.RocAuc], z),
            results[(int)BootMetric.AveragePrecision], results[(int)BootMetric.Precision],
            results[(int)BootMetric.Recall], results[(int)BootMetric.F1], results[(int)BootMetric.Accuracy],
            results[(int)BootMetric.Brier], results[(int)BootMetric.LogLoss],
            new BootstrapDiagnostics(options.Resamples, options.Seed, options.ConfidenceLevel, units.Count, cells.Count,
                cells.IsExact, aucSd, apShift));
    }

    /// <summary>Wilson score interval for a proportion.</summary>
    public static Interval Wilson(long successes, long trials, double z)
    {
        if (trials == 0)
        {
            return new Interval(double.NaN, double.NaN);
        }
        var p = (double)successes / trials;
        var z2 = z * z;
        var denominator = 1 + z2 / trials;
        var centre = (p + z2 / (2.0 * trials)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / denominator;
        return new Interval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    private static string NotDefinedReason(BootMetric metric, ScoreUnits units, ConfusionCounts confusion) => metric switch
    {
        BootMetric.RocAuc => units.Positives == 0
            ? "No lead converted: ROC AUC needs both outcomes."
            : "Every lead converted: ROC AUC needs both outcomes.",
        BootMetric.AveragePrecision => "No lead converted: average precision needs a converted lead.",
        BootMetric.Precision => "No lead scored at or above the threshold: precision is not defined.",
        BootMetric.Recall => "No lead converted: recall is not defined.",
        BootMetric.F1 => "No lead converted and none scored at or above the threshold: F1 is not defined.",
        _ => $"{metric} is not defined on {confusion.Total} rows.",
    };
}
