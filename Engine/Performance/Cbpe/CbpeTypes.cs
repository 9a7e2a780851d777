using System.Text.Json;
using System.Text.Json.Serialization;
using LeadScoring.Engine.Performance.Calibration;

namespace LeadScoring.Engine.Performance.Cbpe;

/// <summary>The metrics CBPE estimates here, with NannyML's names.</summary>
public static class CbpeMetrics
{
    /// <summary>roc_auc, f1, precision, recall, accuracy — the order used everywhere (JSON, HTML, alerts).</summary>
    public static IReadOnlyList<string> Names { get; } = ["roc_auc", "f1", "precision", "recall", "accuracy"];
}

/// <summary>One value per CBPE metric.</summary>
/// <param name="RocAuc">ROC AUC.</param>
/// <param name="F1">F1 at the threshold.</param>
/// <param name="Precision">Precision at the threshold.</param>
/// <param name="Recall">Recall at the threshold.</param>
/// <param name="Accuracy">Accuracy at the threshold.</param>
public sealed record MetricValues(double RocAuc, double F1, double Precision, double Recall, double Accuracy)
{
    /// <summary>The value by NannyML name (see <see cref="CbpeMetrics.Names"/>).</summary>
    public double this[string name] => name switch
    {
        "roc_auc" => RocAuc,
        "f1" => F1,
        "precision" => Precision,
        "recall" => Recall,
        "accuracy" => Accuracy,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown CBPE metric."),
    };

    internal static MetricValues From(Func<string, double> value) =>
        new(value("roc_auc"), value("f1"), value("precision"), value("recall"), value("accuracy"));
}

/// <summary>
/// The expected confusion matrix of a chunk: with calibrated probability p and decision ŷ = [score ≥ t] per row,
/// TP = Σ p·ŷ, FP = Σ (1−p)·ŷ, FN = Σ p·(1−ŷ), TN = Σ (1−p)·(1−ŷ) (NannyML's estimate_* functions in
/// nannyml/performance_estimation/confidence_based/metrics.py).
/// </summary>
/// <param name="TruePositives">Expected true positives.</param>
/// <param name="FalsePositives">Expected false positives.</param>
/// <param name="TrueNegatives">Expected true negatives.</param>
/// <param name="FalseNegatives">Expected false negatives.</param>
public sealed record ExpectedConfusion(double TruePositives, double FalsePositives, double TrueNegatives,
    double FalseNegatives);

/// <summary>
/// Everything CBPE learns from the reference set for one model version and serving threshold; immutable and
/// stored as JSON beside the model (<see cref="CbpeStateJson"/>).
/// </summary>
/// <param name="Threshold">Engaged iff score ≥ threshold.</param>
/// <param name="Calibration">"isotonic" or "none".</param>
/// <param name="Decision">How the calibration rule decided (with the ECE values it compared).</param>
/// <param name="Calibrator">The isotonic calibrator fitted on the whole reference (null when "none").</param>
/// <param name="SamplingErrors">Sampling-error components per metric name.</param>
/// <param name="Thresholds">Alert thresholds per metric name.</param>
/// <param name="ReferenceChunks">The reference chunks' results (realized values gave the thresholds).</param>
/// <param name="ReferenceRows">Reference rows.</param>
/// <param name="ReferencePositives">Converted reference rows.</param>
/// <param name="ReferenceChunkSize">Rows per reference chunk (the default size for current chunks).</param>
/// <param name="ReferenceScoreBins">The reference score distribution with conversion counts in (up to) 100
/// equal-count bins; the capacity planner uses it for the calibration part of its intervals.</param>
public sealed record CbpeState(
    double Threshold,
    string Calibration,
    CalibrationDecision Decision,
    IsotonicCalibrator? Calibrator,
    IReadOnlyDictionary<string, SamplingErrorComponents> SamplingErrors,
    IReadOnlyDictionary<string, MetricThreshold> Thresholds,
    IReadOnlyList<CbpeChunkResult> ReferenceChunks,
    int ReferenceRows,
    long ReferencePositives,
    int ReferenceChunkSize,
    IReadOnlyList<ReferenceScoreBin> ReferenceScoreBins)
{
    /// <summary>The calibrated probability of one score (the score itself when <see cref="Calibration"/> is "none").</summary>
    public double Calibrate(double score) => Calibrator is null ? score : Calibrator.Calibrate(score);
}

/// <summary>One bin of the reference score distribution (bins in ascending score order, never splitting a score).</summary>
/// <param name="MinScore">Lowest score in the bin.</param>
/// <param name="MaxScore">Highest score in the bin.</param>
/// <param name="Rows">Reference rows in the bin.</param>
/// <param name="Positives">Converted reference rows in the bin.</param>
public sealed record ReferenceScoreBin(double MinScore, double MaxScore, int Rows, int Positives);

/// <summary>CBPE's result for one chunk.</summary>
/// <param name="Index">Chunk position (0-based).</param>
/// <param name="Key">Chunk key.</param>
/// <param name="Rows">Rows in the chunk.</param>
/// <param name="LabelledRows">Rows with a known outcome.</param>
/// <param name="Start">Period start, when chunked by time.</param>
/// <param name="End">Period end (exclusive), when chunked by time.</param>
/// <param name="ExpectedConfusion">Expected confusion matrix (calibrated probabilities).</param>
/// <param name="Estimated">CBPE estimates.</param>
/// <param name="SamplingError">NannyML sampling error of each estimate for this chunk size.</param>
/// <param name="LowerConfidenceBound">max(0, estimate − 3·SE) (NannyML's lower_confidence_boundary).</param>
/// <param name="UpperConfidenceBound">min(1, estimate + 3·SE) (NannyML's upper_confidence_boundary).</param>
/// <param name="Realized">Realized values on the labelled rows (NannyML's rules: NaN where undefined); null when
/// no row is labelled.</param>
/// <param name="Alerts">Metrics whose estimate lies outside the alert thresholds, in <see cref="CbpeMetrics.Names"/> order.</param>
public sealed record CbpeChunkResult(
    int Index,
    string Key,
    int Rows,
    int LabelledRows,
    DateTime? Start,
    DateTime? End,
    ExpectedConfusion ExpectedConfusion,
    MetricValues Estimated,
    MetricValues SamplingError,
    MetricValues LowerConfidenceBound,
    MetricValues UpperConfidenceBound,
    MetricValues? Realized,
    IReadOnlyList<string> Alerts);

/// <summary>JSON (System.Text.Json) for <see cref="CbpeState"/>: NaN written as "NaN", doubles round-trip.</summary>
public static class CbpeStateJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    /// <summary>The state as JSON.</summary>
    public static string Serialize(CbpeState state) => JsonSerializer.Serialize(state, Options);

    /// <summary>The state back from JSON.</summary>
    public static CbpeState Deserialize(string json) =>
        JsonSerializer.Deserialize<CbpeState>(json, Options)
        ?? throw new JsonException("The JSON holds no CBPE state.");
}
