using System.Globalization;
using LeadScoring.Core.Models;

namespace LeadScoring.Core.Promotions;

/// <summary>A promotion asked for: the version, why (required, at most <see cref="PromotionService.MaxReasonLength"/>
/// characters) and, to go past a failed policy, the admin's override reason.</summary>
public sealed record PromotionRequest(int VersionId, string? Reason, string? OverrideReason = null);

/// <summary>One row of the promotions list.</summary>
public sealed record PromotionSummary(long Id, string Kind, DateTime CreatedAtUtc, string CreatedBy, int? FromVersionId, string? FromLabel,
    int ToVersionId, string ToLabel, string? Reason, string PolicyVerdict, bool Overridden);

/// <summary>A stored promotion with its frozen evidence document (JSON, as exported).</summary>
public sealed record StoredPromotion(PromotionSummary Summary, string EvidenceJson);

/// <summary>A champion change done: the new champion, the id of its evidence record and what it restored.</summary>
public sealed record ChampionChangeResult(ModelVersionInfo Champion, long RecordId, PromotionEvidence Evidence)
{
    /// <summary>The page's message, naming what was restored ("v3 is champion again: its reference (N rows, hash …), threshold 0.42; …").</summary>
    public string Describe()
    {
        var restored = Evidence.Restored;
        var head = Evidence.Kind == PromotionEvidence.RollbackKind ? $"{Champion.Label} is champion again" : $"{Champion.Label} is now the champion";
        var reference = restored?.ReferenceRows is { } rows
            ? string.Create(CultureInfo.InvariantCulture, $"its reference ({rows:N0} rows, hash {restored.ReferenceSha256?[..Math.Min(12, restored.ReferenceSha256.Length)]}…)")
            : "no stored drift reference";
        var alerts = restored is { AlertRulesReset.Count: > 0 }
            ? $"drift and performance alerts re-baselined ({restored.AlertRulesReset.Count} rules)"
            : "no drift or performance alert rule to re-baseline";
        return string.Create(CultureInfo.InvariantCulture,
            $"{head}: {reference}, threshold {Champion.DecisionThreshold:0.###}; {alerts}. Evidence record #{RecordId}.");
    }
}

/// <summary>A bad promotion request; the message names the field.</summary>
public sealed class PromotionRequestException(string field, string message) : InvalidOperationException(message)
{
    public string Field { get; } = field;
}

/// <summary>The policy refused the promotion; <see cref="Reasons"/> lists every unmet condition.</summary>
public sealed class PromotionRefusedException(IReadOnlyList<string> reasons)
    : InvalidOperationException("Refused by the promotion policy: " + string.Join("; ", reasons) + ". An admin may override with a reason.")
{
    public IReadOnlyList<string> Reasons { get; } = reasons;
}
