using System.Diagnostics;
using System.Diagnostics.Metrics;
using LeadScoring.Engine.Drift;

namespace LeadScoring.Core.Diagnostics;

/// <summary>
/// The service's own spans and metrics, on BCL types only (ActivitySource, Meter) so Core and Engine stay free of
/// OpenTelemetry packages; the Dashboard subscribes to <see cref="Name"/> and exports them (docs/operations.md lists
/// every instrument). Attributes carry counts, kinds and levels only: never lead values, lead ids or keys.
/// </summary>
public static class LeadScoringDiagnostics
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string Name = "LeadScoring";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Leads scored, by source (api, batch, upload); rate() of it is predictions per second.</summary>
    public static readonly Counter<long> Predictions =
        Meter.CreateCounter<long>("leadscoring.predictions", "{prediction}", "Leads scored, by source (api, batch, upload).");

    /// <summary>ONNX inference time of one scoring call (a /predict, a /predict/batch or an upload chunk).</summary>
    public static readonly Histogram<double> InferenceDuration =
        Meter.CreateHistogram<double>("leadscoring.inference.duration", "ms", "ONNX inference time of one scoring call.");

    /// <summary>Drifted share of the tested columns in the last drift run, by kind (upload, batch, window, file).</summary>
    public static readonly Gauge<double> DriftShare =
        Meter.CreateGauge<double>("leadscoring.drift.share", null, "Drifted share of the tested columns in the last drift run, by kind.");

    /// <summary>Alert level of the last drift run: 0 green, 1 yellow, 2 red.</summary>
    public static readonly Gauge<int> DriftLevel =
        Meter.CreateGauge<int>("leadscoring.drift.alert_level", null, "Alert level of the last drift run (0 green, 1 yellow, 2 red), by kind.");

    /// <summary>Alert level of the last run's prediction (score) drift test: 0 green, 1 yellow, 2 red.</summary>
    public static readonly Gauge<int> PredictionDriftLevel =
        Meter.CreateGauge<int>("leadscoring.prediction_drift.alert_level", null, "Alert level of the last prediction (score) drift test (0 green, 1 yellow, 2 red), by kind.");

    /// <summary>Rows deleted by the retention purge.</summary>
    public static readonly Counter<long> RetentionRowsRemoved =
        Meter.CreateCounter<long>("leadscoring.retention.rows_removed", "{row}", "Rows deleted by the retention purge.");

    /// <summary>Rows read from uploaded CSV files, by outcome (stored, failed).</summary>
    public static readonly Counter<long> UploadRows =
        Meter.CreateCounter<long>("leadscoring.upload.rows", "{row}", "Rows read from uploaded CSV files, by outcome (stored, failed).");

    /// <summary>Requests whose X-API-Key was unknown or revoked.</summary>
    public static readonly Counter<long> ApiKeyFailures =
        Meter.CreateCounter<long>("leadscoring.api_key.failures", "{request}", "Requests whose X-API-Key was unknown or revoked.");

    /// <summary>Records a drift run's outcome on the current span and the gauges.</summary>
    public static void RecordDrift(Activity? activity, string kind, DriftReport report)
    {
        var tag = new KeyValuePair<string, object?>("kind", kind);
        DriftShare.Record(report.DriftShare, tag);
        DriftLevel.Record((int)report.AlertLevel, tag);
        if (report.PredictionDrift is { } scores)
        {
            PredictionDriftLevel.Record((int)scores.AlertLevel, tag);
        }
        activity?.SetTag("leadscoring.drift.kind", kind)
            .SetTag("leadscoring.rows", report.CurrentRows)
            .SetTag("leadscoring.drift.share", report.DriftShare)
            .SetTag("leadscoring.drift.level", report.AlertLevel.ToString().ToLowerInvariant());
    }

    /// <summary>Counts scored leads and their inference time.</summary>
    public static void RecordScoring(string source, int rows, double inferenceMs)
    {
        var tag = new KeyValuePair<string, object?>("source", source);
        Predictions.Add(rows, tag);
        InferenceDuration.Record(inferenceMs, tag);
    }
}
