namespace LeadScoring.Core.Storage.Entities;

/// <summary>An uploaded CSV file and what became of it.</summary>
public sealed class BatchRecord
{
    public long Id { get; set; }
    public string FileName { get; set; } = "";
    public string UploadedBy { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? CompletedAtUtc { get; set; }
    public BatchStatus Status { get; set; }

    /// <summary>"raw" or "processed": the schema detected from the header.</summary>
    public string Schema { get; set; } = "";
    public int TotalRows { get; set; }
    public int StoredRows { get; set; }
    public int WarningCount { get; set; }
    public int ErrorCount { get; set; }
    public bool HasLabels { get; set; }
    public int? ModelVersionId { get; set; }

    /// <summary>A short, user-facing reason when the batch was rejected or failed (never an exception text).</summary>
    public string? Message { get; set; }

    /// <summary>The validation report (errors and warnings with row and column), JSON.</summary>
    public string? ValidationJson { get; set; }

    /// <summary>The drift report of the batch against the model version's reference, JSON.</summary>
    public string? DriftJson { get; set; }
}

public enum BatchStatus
{
    Pending = 0,
    Running = 1,
    Completed = 2,
    Rejected = 3,
    Failed = 4,
}
