namespace LeadScoring.Core.Storage.Entities;

/// <summary>
/// A champion change frozen with its evidence (Core/Promotions): a few columns for lists, the rest in a
/// schema-versioned JSON document written once in the same transaction as the change.
/// </summary>
public sealed class PromotionRecord
{
    public long Id { get; set; }

    /// <summary>"promotion" or "rollback".</summary>
    public string Kind { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public string CreatedBy { get; set; } = "";
    public int? FromVersionId { get; set; }
    public string? FromLabel { get; set; }
    public int ToVersionId { get; set; }
    public string ToLabel { get; set; } = "";
    public string? Reason { get; set; }

    /// <summary>"off", "passed", "failed" (only with an override) or "not applicable" (rollback).</summary>
    public string PolicyVerdict { get; set; } = "";
    public bool Overridden { get; set; }
    public string EvidenceJson { get; set; } = "{}";
}
