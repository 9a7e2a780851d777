using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Drift.Reports;

namespace LeadScoring.Dashboard.Model;

/// <summary>One row of the drift page's feature table, formatted for display and sortable by its raw numbers.</summary>
public sealed record DriftFeatureRow(
    string Column, string Kind, string Test, double? Statistic, double? Score, bool IsPValue, string Threshold, double? AdjustedPValue,
    string EffectSize, bool Drifted, bool Tested, double ReferenceMissing, double CurrentMissing, bool MissingChanged, long Unseen, string? Reason);

/// <summary>Reference and current shares per bin or category, ready for an overlay chart.</summary>
public sealed record DriftOverlay(string Column, IReadOnlyList<string> Labels, IReadOnlyList<double> ReferenceShares, IReadOnlyList<double> CurrentShares,
    IReadOnlyList<long> ReferenceCounts, IReadOnlyList<long> CurrentCounts);

/// <summary>Shapes a drift report for the page (no rendering here).</summary>
public static class DriftView
{
    /// <summary>The time windows the page offers (a drift window needs an end and a start: no "all").</summary>
    public static IReadOnlyList<WindowToken> Windows { get; } = [.. WindowToken.Standard.Where(w => w.Length is not null)];

    public static IReadOnlyList<DriftFeatureRow> Rows(DriftReport report) =>
    [
        .. report.Columns.Select(c => new DriftFeatureRow(
            c.Column, c.Kind.ToString().ToLowerInvariant(), DriftText.ShortTest(c.Test), c.Statistic, c.Score, c.IsPValue,
            DriftText.Threshold(c), c.AdjustedPValue, DriftText.EffectSize(c), c.Drifted, c.Status == ColumnDriftStatus.Tested,
            c.ReferenceMissingShare, c.CurrentMissingShare, c.MissingShareChanged, c.UnseenCount, c.Reason)),
    ];

    /// <summary>Rows whose name contains <paramref name="search"/> (any case), only drifted ones when asked.</summary>
    public static IEnumerable<DriftFeatureRow> Filter(IEnumerable<DriftFeatureRow> rows, string? search, bool driftedOnly) =>
        rows.Where(r => (!driftedOnly || r.Drifted)
            && (string.IsNullOrWhiteSpace(search) || r.Column.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase)));

    /// <summary>Shares of each sample per bin (numerical: "[a, b)" labels) or category; null without a histogram.</summary>
    public static DriftOverlay? Overlay(ColumnDriftResult column)
    {
        if (column.Histogram is not { } h || h.ReferenceCounts.Count == 0)
        {
            return null;
        }
        var labels = Enumerable.Range(0, h.ReferenceCounts.Count).Select(i => DriftText.BinLabel(h, i)).ToList();
        return new DriftOverlay(column.Column, labels, DriftText.Shares(h.ReferenceCounts), DriftText.Shares(h.CurrentCounts), h.ReferenceCounts, h.CurrentCounts);
    }
}
