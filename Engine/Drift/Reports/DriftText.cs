using LeadScoring.Engine.Reporting;

namespace LeadScoring.Engine.Drift.Reports;

/// <summary>The words and symbols of drift results, shared by the Markdown and HTML reports and the Drift page.</summary>
public static class DriftText
{
    /// <summary>"&lt;", "≤", "≥" or "&gt;".</summary>
    public static string Operator(ComparisonOperator? op) => op switch
    {
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "≤",
        ComparisonOperator.GreaterThanOrEqual => "≥",
        ComparisonOperator.GreaterThan => ">",
        _ => "",
    };

    /// <summary>What the score of a test is, e.g. "KS p-value".</summary>
    public static string Test(DriftTest? t) => t switch
    {
        DriftTest.KolmogorovSmirnov => "KS p-value",
        DriftTest.ChiSquare => "chi-square p-value",
        DriftTest.ZTest => "Z-test p-value",
        DriftTest.JensenShannon => "Jensen–Shannon distance",
        DriftTest.Wasserstein => "Wasserstein (normed)",
        DriftTest.Psi => "PSI",
        _ => Format.Missing,
    };

    /// <summary>The test's short name for a table column, e.g. "KS".</summary>
    public static string ShortTest(DriftTest? t) => t switch
    {
        DriftTest.KolmogorovSmirnov => "KS",
        DriftTest.ChiSquare => "chi-square",
        DriftTest.ZTest => "Z-test",
        DriftTest.JensenShannon => "Jensen–Shannon",
        DriftTest.Wasserstein => "Wasserstein (normed)",
        DriftTest.Psi => "PSI",
        _ => Format.Missing,
    };

    /// <summary>"Evidently" or "NannyML-style".</summary>
    public static string Profile(DriftProfile profile) => profile == DriftProfile.NannyMl ? "NannyML-style" : "Evidently";

    /// <summary>"drift (0.003 &lt; 0.05)", "no drift" or "not testable".</summary>
    public static string Decision(ColumnDriftResult c)
    {
        if (c.Status == ColumnDriftStatus.NotTestable)
        {
            return "not testable";
        }
        var score = c.AdjustedPValue ?? c.Score;
        var rule = $"{Format.Number(score)} {Operator(c.Operator)} {Format.Number(c.Threshold)}";
        return c.Drifted ? $"drift ({rule})" : "no drift";
    }

    /// <summary>The threshold with its operator, e.g. "≥ 0.1".</summary>
    public static string Threshold(ColumnDriftResult c) =>
        c.Threshold is double t ? $"{Operator(c.Operator)} {Format.Number(t)}" : Format.Missing;

    /// <summary>The effect size with its name, e.g. "Cramér's V 0.12".</summary>
    public static string EffectSize(ColumnDriftResult c) =>
        c.EffectSize is null ? Format.Missing : $"{c.EffectSize.Name} {Format.Number(c.EffectSize.Value)}";

    /// <summary>Missing shares, reference → current.</summary>
    public static string Missing(ColumnDriftResult c)
        => $"{Format.Percent(c.ReferenceMissingShare)} → {Format.Percent(c.CurrentMissingShare)}{(c.MissingShareChanged ? " (changed)" : "")}";

    /// <summary>"3 of 28 tested columns drifted (10.7%): GREEN".</summary>
    public static string Summary(DriftReport r)
        => $"{r.DriftedColumns} of {r.TestedColumns} tested columns drifted ({Format.Percent(r.DriftShare)}): {r.AlertLevel.ToString().ToUpperInvariant()}";

    /// <summary>A histogram bin's label: the category, or "[a, b)" ("[a, b]" for the last numerical bin).</summary>
    public static string BinLabel(DriftHistogram h, int i) => h.Categories is { } categories
        ? categories[i]
        : $"[{Format.Number(h.Edges![i])}, {Format.Number(h.Edges[i + 1])}{(i == h.ReferenceCounts.Count - 1 ? "]" : ")")}";

    /// <summary>Each sample's counts as shares of its total.</summary>
    public static double[] Shares(IReadOnlyList<long> counts)
    {
        var total = (double)counts.Sum();
        return [.. counts.Select(c => total == 0 ? 0 : c / total)];
    }
}
