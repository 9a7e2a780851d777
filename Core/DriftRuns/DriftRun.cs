using System.Text.Json;
using System.Text.Json.Nodes;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Ingestion;

namespace LeadScoring.Core.DriftRuns;

/// <summary>Per-request changes to the configured <see cref="DriftOptions"/> (null keeps the configured value).</summary>
/// <param name="Profile">Evidently or NannyML-style semantics for every column.</param>
/// <param name="BenjaminiHochberg">Decide p-value tests on Benjamini–Hochberg adjusted p-values.</param>
public sealed record DriftOverrides(DriftProfile? Profile = null, bool? BenjaminiHochberg = null);

/// <summary>A drift report with what it compared.</summary>
/// <param name="Report">The engine's report (records its profile and options).</param>
/// <param name="Subject">What the current data is ("Batch 12 · leads.csv", "Predictions 2026-03-01 08:00 – …").</param>
/// <param name="Reference">What the reference is ("model v1 training rows", "uploaded reference ref.csv").</param>
/// <param name="ModelVersionId">Registry id of the model version whose reference was used; null for an uploaded reference.</param>
/// <param name="AvailableRows">Rows that matched the request.</param>
/// <param name="Capped">True when only the newest <see cref="DriftReport.CurrentRows"/> of <see cref="AvailableRows"/> were tested.</param>
/// <param name="FromStore">True when the stored report of a batch was returned as it was computed at upload.</param>
/// <param name="Notices">Plain sentences for the user (capping, mixed model versions, missing prediction drift).</param>
public sealed record DriftRun(DriftReport Report, string Subject, string Reference, int? ModelVersionId, long AvailableRows, bool Capped,
    bool FromStore, IReadOnlyList<string> Notices)
{
    /// <summary>Id of the stored drift-run record (the "reproducible drift runs" store); null until it is recorded.</summary>
    public long? RunId { get; init; }

    /// <summary>How a window was computed when not by reading every row, e.g. "Summed from hourly drift counts: …"; null otherwise.</summary>
    public string? Computation { get; init; }

    /// <summary>
    /// The report's JSON (<see cref="DriftReportJson"/>, schemaVersion 1) with one more member, <c>context</c>, describing the
    /// comparison: subject, reference, modelVersionId, availableRows, capped, fromStore, notices, computation.
    /// </summary>
    public string ToJson(bool indented = true)
    {
        var node = JsonNode.Parse(DriftReportJson.Serialize(Report, indented: false))!.AsObject();
        node["context"] = new JsonObject
        {
            ["subject"] = Subject,
            ["reference"] = Reference,
            ["modelVersionId"] = ModelVersionId,
            ["availableRows"] = AvailableRows,
            ["capped"] = Capped,
            ["fromStore"] = FromStore,
            ["notices"] = new JsonArray([.. Notices.Select(n => (JsonNode?)JsonValue.Create(n))]),
            ["computation"] = Computation,
        };
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = indented });
    }
}

/// <summary>A completed batch for the drift page's picker.</summary>
/// <param name="Id">Batch id.</param>
/// <param name="FileName">Uploaded file name (user-supplied text: encode when rendering).</param>
/// <param name="CompletedAtUtc">When it was stored.</param>
/// <param name="Rows">Stored rows.</param>
/// <param name="AlertLevel">Alert level of its stored drift report; null when none was stored.</param>
public sealed record DriftBatchSummary(long Id, string FileName, DateTime CompletedAtUtc, int Rows, DriftAlertLevel? AlertLevel);

/// <summary>Why a drift request could not be answered.</summary>
public enum DriftFailure
{
    /// <summary>The request itself is wrong (no input, contradicting parameters).</summary>
    BadRequest,

    /// <summary>An uploaded CSV has errors; <see cref="DriftServiceException.Issues"/> names rows and columns.</summary>
    InvalidCsv,

    /// <summary>The batch does not exist or the window holds no stored prediction.</summary>
    NotFound,

    /// <summary>No model (or no model reference) to compare with.</summary>
    NoModel,

    /// <summary>Another long drift run held the slot longer than <see cref="DriftServiceOptions.MaxWaitSeconds"/>: retry.</summary>
    Busy,
}

/// <summary>A drift request that cannot be answered; the message is for users (never an exception text).</summary>
public sealed class DriftServiceException(DriftFailure failure, string message, string? file = null, IReadOnlyList<CsvIssue>? issues = null, int issueCount = 0)
    : Exception(message)
{
    /// <summary>What went wrong.</summary>
    public DriftFailure Failure { get; } = failure;

    /// <summary>"current" or "reference" for CSV problems.</summary>
    public string? File { get; } = file;

    /// <summary>The first CSV problems, each with its row and column.</summary>
    public IReadOnlyList<CsvIssue> Issues { get; } = issues ?? [];

    /// <summary>Total CSV problems (more than <see cref="Issues"/> lists when many).</summary>
    public int IssueCount { get; } = issueCount;
}

/// <summary>Limits of the drift service (configuration section <c>DriftService</c>).</summary>
public sealed class DriftServiceOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "DriftService";

    /// <summary>Most stored predictions a time window tests (the newest ones); 47 doubles each, so 1,000,000 rows hold ~380 MB.</summary>
    public int MaxWindowRows { get; set; } = 1_000_000;

    /// <summary>
    /// Longest wait, in seconds, for the one slot long runs (windows, uploads) share; then the request is refused as busy
    /// (HTTP 503 with Retry-After) instead of queueing behind other runs for ever. 0 = do not wait.
    /// </summary>
    public int MaxWaitSeconds { get; set; } = 30;
}
