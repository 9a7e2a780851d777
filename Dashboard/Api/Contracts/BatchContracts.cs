using System.Text.Json;
using System.Text.Json.Serialization;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Core.Batches;

namespace LeadScoring.Dashboard.Api.Contracts;

/// <summary>A batch as the HTTP API returns it (POST /api/batches, GET /api/batches/{id}).</summary>
public sealed record BatchResponse(
    [property: JsonPropertyName("batch_id")] long BatchId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("file_name")] string FileName,
    [property: JsonPropertyName("schema")] string? Schema,
    [property: JsonPropertyName("uploaded_by")] string UploadedBy,
    [property: JsonPropertyName("created_at")] DateTime CreatedAtUtc,
    [property: JsonPropertyName("completed_at")] DateTime? CompletedAtUtc,
    [property: JsonPropertyName("model_version")] string? ModelVersion,
    [property: JsonPropertyName("rows")] BatchRowCounts Rows,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("validation")] ValidationReportContract? Validation,
    [property: JsonPropertyName("drift")] DriftSummaryContract? Drift,
    [property: JsonPropertyName("links")] BatchLinks Links)
{
    /// <summary>Seconds each stage of this upload was busy (POST answers only; stages overlap).</summary>
    [JsonPropertyName("timings")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BatchTimings? Timings { get; init; }

    /// <summary>The drift run recorded for this upload's drift (POST answers only; GET /api/drift-runs/{id}).</summary>
    [JsonPropertyName("drift_run_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? DriftRunId { get; init; }
}

/// <summary>Busy seconds per stage of an upload: waiting for bytes, parsing, features, scoring, writing, drift, commit.</summary>
public sealed record BatchTimings(
    [property: JsonPropertyName("receive_s")] double Receive,
    [property: JsonPropertyName("parse_s")] double Parse,
    [property: JsonPropertyName("features_s")] double Features,
    [property: JsonPropertyName("score_s")] double Score,
    [property: JsonPropertyName("store_s")] double Store,
    [property: JsonPropertyName("drift_s")] double Drift,
    [property: JsonPropertyName("commit_s")] double Commit,
    [property: JsonPropertyName("total_s")] double Total)
{
    public static BatchTimings? From(IngestionTimings? t) => t is null ? null : new(t.Receive.TotalSeconds, t.Parse.TotalSeconds,
        t.Features.TotalSeconds, t.Score.TotalSeconds, t.Store.TotalSeconds, t.Drift.TotalSeconds, t.Commit.TotalSeconds, t.Total.TotalSeconds);
}

/// <summary>Rows read, stored (0 or all), and issues found.</summary>
public sealed record BatchRowCounts(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("stored")] int Stored,
    [property: JsonPropertyName("errors")] int Errors,
    [property: JsonPropertyName("warnings")] int Warnings);

public sealed record BatchLinks(
    [property: JsonPropertyName("self")] string Self,
    [property: JsonPropertyName("report")] string Report);

/// <summary>Every error and warning with its 1-based data record number (0 = header/file) and column.</summary>
public sealed record ValidationReportContract(
    [property: JsonPropertyName("schema")] string? Schema,
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("error_count")] int ErrorCount,
    [property: JsonPropertyName("warning_count")] int WarningCount,
    [property: JsonPropertyName("errors")] IReadOnlyList<CsvIssueContract> Errors,
    [property: JsonPropertyName("warnings")] IReadOnlyList<CsvIssueContract> Warnings)
{
    public static ValidationReportContract From(ValidationReport r) =>
        new(r.Schema, r.Rows, r.ErrorCount, r.WarningCount, [.. r.Errors.Select(CsvIssueContract.From)], [.. r.Warnings.Select(CsvIssueContract.From)]);

}

public sealed record CsvIssueContract(
    [property: JsonPropertyName("row")] int Row,
    [property: JsonPropertyName("column")] string? Column,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("text")] string Text)
{
    public static CsvIssueContract From(CsvIssue i) => new(i.Row, i.Column, i.Message, i.ToString());
}

/// <summary>The drift verdict of a batch against the champion's reference; the full report is at links.report.</summary>
public sealed record DriftSummaryContract(
    [property: JsonPropertyName("alert_level")] string AlertLevel,
    [property: JsonPropertyName("dataset_drift")] bool DatasetDrift,
    [property: JsonPropertyName("tested_columns")] int TestedColumns,
    [property: JsonPropertyName("drifted_columns")] int DriftedColumns,
    [property: JsonPropertyName("drift_share")] double DriftShare,
    [property: JsonPropertyName("drifted")] IReadOnlyList<string> Drifted,
    [property: JsonPropertyName("prediction_drift_p_value")] double? PredictionDriftPValue,
    [property: JsonPropertyName("prediction_drift_alert_level")] string? PredictionDriftAlertLevel)
{
    public static DriftSummaryContract? From(DriftReport? d) => d is null ? null : new(
        d.AlertLevel.ToString().ToLowerInvariant(), d.DatasetDrift, d.TestedColumns, d.DriftedColumns, d.DriftShare,
        [.. d.Columns.Where(c => c.Drifted).Select(c => c.Column)], d.PredictionDrift?.PValue,
        d.PredictionDrift?.AlertLevel.ToString().ToLowerInvariant());
}

/// <summary>GET /api/batches/{id}/report: the batch, its full validation report and its full drift report.</summary>
public sealed record BatchReportResponse(
    [property: JsonPropertyName("batch")] BatchResponse Batch,
    [property: JsonPropertyName("drift_report")] JsonElement? DriftReport);
