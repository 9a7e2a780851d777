namespace LeadScoring.Core.Storage.Entities;

/// <summary>
/// One drift evaluation as it ran: what was compared with which reference under which configuration, its headline
/// numbers, and the full report (so it can be reopened, compared and exported long after its inputs are gone).
/// </summary>
public sealed class DriftRunRecord
{
    public long Id { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DriftRunKind Kind { get; set; }
    public DriftRunTrigger Trigger { get; set; }

    /// <summary>User name or "api-key:NAME"; "system" for background evaluations.</summary>
    public string RequestedBy { get; set; } = "";

    /// <summary>What the current data was ("Batch 12 · leads.csv"): user-supplied text, encode when rendering.</summary>
    public string Subject { get; set; } = "";

    /// <summary>What the reference was ("model v1 training rows").</summary>
    public string ReferenceLabel { get; set; } = "";

    /// <summary>SHA-256 (hex) of the reference's canonical JSON; equal hashes mean the same reference.</summary>
    public string? ReferenceHash { get; set; }
    public int? ModelVersionId { get; set; }
    public long? BatchId { get; set; }
    public long? WindowFromMs { get; set; }
    public long? WindowToMs { get; set; }
    public int CurrentRows { get; set; }
    public int ReferenceRows { get; set; }
    public long AvailableRows { get; set; }
    public bool Capped { get; set; }
    public int TestedColumns { get; set; }
    public int DriftedColumns { get; set; }
    public double DriftShare { get; set; }

    /// <summary>"green", "yellow" or "red".</summary>
    public string AlertLevel { get; set; } = "";

    /// <summary>The drift options in force and the request's overrides, JSON.</summary>
    public string ConfigJson { get; set; } = "";

    /// <summary>Notices shown with the run, JSON array of strings.</summary>
    public string NoticesJson { get; set; } = "[]";

    /// <summary>How a window was computed when not by reading every row (summed from hourly drift counts); null otherwise.</summary>
    public string? Computation { get; set; }

    /// <summary>The report (DriftReportJson) when small; null when it is in <see cref="ReportGzip"/>.</summary>
    public string? ReportJson { get; set; }

    /// <summary>The report gzip-compressed, when it was larger than DriftRuns:CompressAboveBytes.</summary>
    public byte[]? ReportGzip { get; set; }
}

/// <summary>What a drift run tested.</summary>
public enum DriftRunKind
{
    /// <summary>A stored batch, recomputed from its stored predictions.</summary>
    Batch = 0,

    /// <summary>A time window of stored predictions.</summary>
    Window = 1,

    /// <summary>Uploaded CSV files (current, optionally reference).</summary>
    Files = 2,

    /// <summary>A batch's own drift, computed while it was ingested.</summary>
    Upload = 3,
}

/// <summary>Who or what started a drift run.</summary>
public enum DriftRunTrigger
{
    /// <summary>The Drift page.</summary>
    Page = 0,

    /// <summary>The HTTP API.</summary>
    Api = 1,

    /// <summary>Batch ingestion (page or API upload).</summary>
    Upload = 2,

    /// <summary>The background alert evaluation.</summary>
    AlertEvaluation = 3,
}
