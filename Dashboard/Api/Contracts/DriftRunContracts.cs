using System.Globalization;
using System.Text.Json.Serialization;
using LeadScoring.Core.DriftRuns;
using LeadScoring.Engine.Drift;

namespace LeadScoring.Dashboard.Api.Contracts;

/// <summary>One stored drift run in a list (GET /api/drift-runs).</summary>
public sealed record DriftRunItem(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("created_at")] DateTime CreatedAtUtc,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("requested_by")] string RequestedBy,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("reference")] string Reference,
    [property: JsonPropertyName("reference_sha256")] string? ReferenceSha256,
    [property: JsonPropertyName("model_version_id")] int? ModelVersionId,
    [property: JsonPropertyName("model_version")] string? ModelVersion,
    [property: JsonPropertyName("batch_id")] long? BatchId,
    [property: JsonPropertyName("window_from")] DateTimeOffset? WindowFrom,
    [property: JsonPropertyName("window_to")] DateTimeOffset? WindowTo,
    [property: JsonPropertyName("current_rows")] int CurrentRows,
    [property: JsonPropertyName("reference_rows")] int ReferenceRows,
    [property: JsonPropertyName("drift_share")] double DriftShare,
    [property: JsonPropertyName("alert_level")] string AlertLevel,
    [property: JsonPropertyName("href")] string Href)
{
    public static DriftRunItem From(DriftRunSummary s) => new(s.Id, s.CreatedAtUtc, DriftRunNames.Kind(s.Kind), DriftRunNames.Trigger(s.Trigger),
        s.RequestedBy, s.Subject, s.ReferenceLabel, s.ReferenceHash, s.ModelVersionId, s.ModelVersion, s.BatchId,
        s.WindowFromMs is long from ? DateTimeOffset.FromUnixTimeMilliseconds(from) : null,
        s.WindowToMs is long to ? DateTimeOffset.FromUnixTimeMilliseconds(to) : null,
        s.CurrentRows, s.ReferenceRows, s.DriftShare, s.AlertLevel, string.Create(CultureInfo.InvariantCulture, $"/api/drift-runs/{s.Id}"));
}

/// <summary>A page of runs, newest first; <c>next</c> is the URL of the next (older) page, null on the last.</summary>
public sealed record DriftRunListResponse(
    [property: JsonPropertyName("items")] IReadOnlyList<DriftRunItem> Items,
    [property: JsonPropertyName("next_before_id")] long? NextBeforeId,
    [property: JsonPropertyName("next")] string? Next);

/// <summary>One column in both runs (GET /api/drift-runs/compare).</summary>
public sealed record DriftRunColumnComparison(
    [property: JsonPropertyName("column")] string Column,
    [property: JsonPropertyName("drifted_a")] bool DriftedA,
    [property: JsonPropertyName("drifted_b")] bool DriftedB,
    [property: JsonPropertyName("flip")] string Flip,
    [property: JsonPropertyName("statistic_a")] double? StatisticA,
    [property: JsonPropertyName("statistic_b")] double? StatisticB,
    [property: JsonPropertyName("score_a")] double? ScoreA,
    [property: JsonPropertyName("score_b")] double? ScoreB,
    [property: JsonPropertyName("score_delta")] double? ScoreDelta,
    [property: JsonPropertyName("score_is_p_value")] bool IsPValue);

/// <summary>Run A against run B: share and level change, per-column flips, and notes on what makes them hard to compare.</summary>
public sealed record DriftRunComparisonResponse(
    [property: JsonPropertyName("a")] DriftRunItem A,
    [property: JsonPropertyName("b")] DriftRunItem B,
    [property: JsonPropertyName("share_delta")] double ShareDelta,
    [property: JsonPropertyName("alert_level_changed")] bool AlertLevelChanged,
    [property: JsonPropertyName("flipped")] IReadOnlyList<string> Flipped,
    [property: JsonPropertyName("notes")] IReadOnlyList<string> Notes,
    [property: JsonPropertyName("columns")] IReadOnlyList<DriftRunColumnComparison> Columns)
{
    public static DriftRunComparisonResponse From(DriftRunComparisonResult r) => new(DriftRunItem.From(r.A), DriftRunItem.From(r.B),
        r.Comparison.ShareDelta, r.Comparison.LevelChanged, [.. r.Comparison.Flipped.Select(c => c.Column)], r.Comparison.Notes,
        [.. r.Comparison.Columns.Select(c => new DriftRunColumnComparison(c.Column, c.DriftedA, c.DriftedB, FlipName(c.Flip), Finite(c.StatisticA),
            Finite(c.StatisticB), Finite(c.ScoreA), Finite(c.ScoreB), c.ScoreDelta, c.IsPValue))]);

    public static string FlipName(DriftFlip flip) => flip switch
    {
        DriftFlip.BecameDrifted => "became_drifted",
        DriftFlip.NoLongerDrifted => "no_longer_drifted",
        _ => "none",
    };

    // JSON has no ∞ (a chi-square with an unseen category): null here; the full run JSON keeps "Infinity".
    private static double? Finite(double? value) => value is double v && double.IsFinite(v) ? v : null;
}
