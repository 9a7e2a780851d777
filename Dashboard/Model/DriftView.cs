using System.Globalization;
using LeadScoring.Engine.Drift;

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
    /// <summary>The time windows the page offers.</summary>
    public static IReadOnlyList<string> Windows { get; } = ["1h", "24h", "7d", "30d"];

    public static TimeSpan? WindowLength(string? window) => window switch
    {
        "1h" => TimeSpan.FromHours(1),
        "24h" => TimeSpan.FromDays(1),
        "7d" => TimeSpan.FromDays(7),
        "30d" => TimeSpan.FromDays(30),
        _ => null,
    };

    public static IReadOnlyList<DriftFeatureRow> Rows(DriftReport report) =>
    [
        .. report.Columns.Select(c => new DriftFeatureRow(
            c.Column, c.Kind.ToString().ToLowerInvariant(), TestName(c.Test), c.Statistic, c.Score, c.IsPValue,
            c.Threshold is double t ? $"{Operator(c.Operator)} {Number(t)}" : "–", c.AdjustedPValue,
            c.EffectSize is null ? "–" : $"{c.EffectSize.Name} {Number(c.EffectSize.Value)}", c.Drifted, c.Status == ColumnDriftStatus.Tested,
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
        var labels = h.Categories is { } categories
            ? [.. categories]
            : Enumerable.Range(0, h.ReferenceCounts.Count)
                .Select(i => $"[{Number(h.Edges![i])}, {Number(h.Edges[i + 1])}{(i == h.ReferenceCounts.Count - 1 ? "]" : ")")}").ToList();
        return new DriftOverlay(column.Column, labels, Shares(h.ReferenceCounts), Shares(h.CurrentCounts), h.ReferenceCounts, h.CurrentCounts);
    }

    public static string Number(double? value) => value switch
    {
        null => "–",
        double d when double.IsPositiveInfinity(d) => "∞",
        double d when double.IsNaN(d) => "–",
        double d when d != 0 && Math.Abs(d) < 1e-3 => d.ToString("0.00e+0", CultureInfo.InvariantCulture),
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
    };

    public static string Percent(double value) => value.ToString("0.#%", CultureInfo.InvariantCulture);

    public static string TestName(DriftTest? test) => test switch
    {
        DriftTest.KolmogorovSmirnov => "KS",
        DriftTest.ChiSquare => "chi-square",
        DriftTest.ZTest => "Z-test",
        DriftTest.JensenShannon => "Jensen–Shannon",
        DriftTest.Wasserstein => "Wasserstein (normed)",
        DriftTest.Psi => "PSI",
        _ => "–",
    };

    public static string ProfileName(DriftProfile profile) => profile == DriftProfile.NannyMl ? "NannyML-style" : "Evidently";

    private static string Operator(ComparisonOperator? op) => op switch
    {
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "≤",
        ComparisonOperator.GreaterThanOrEqual => "≥",
        ComparisonOperator.GreaterThan => ">",
        _ => "",
    };

    private static double[] Shares(IReadOnlyList<long> counts)
    {
        var total = (double)counts.Sum();
        return [.. counts.Select(c => total == 0 ? 0 : c / total)];
    }
}
