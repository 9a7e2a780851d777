using System.Globalization;

namespace LeadScoring.Engine.Drift.Reports;

/// <summary>Short texts shared by the Markdown and HTML renderers.</summary>
internal static class DriftReportText
{
    public static string Number(double? v) => v switch
    {
        null => "–",
        double d when double.IsPositiveInfinity(d) => "∞",
        double d when d != 0 && Math.Abs(d) < 1e-4 => d.ToString("0.###e+0", CultureInfo.InvariantCulture),
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
    };

    public static string Percent(double v) => v.ToString("0.#%", CultureInfo.InvariantCulture);

    public static string Operator(ComparisonOperator? op) => op switch
    {
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "≤",
        ComparisonOperator.GreaterThanOrEqual => "≥",
        ComparisonOperator.GreaterThan => ">",
        _ => "",
    };

    public static string Test(DriftTest? t) => t switch
    {
        DriftTest.KolmogorovSmirnov => "KS p-value",
        DriftTest.ChiSquare => "chi-square p-value",
        DriftTest.ZTest => "Z-test p-value",
        DriftTest.JensenShannon => "Jensen–Shannon distance",
        DriftTest.Wasserstein => "Wasserstein (normed)",
        DriftTest.Psi => "PSI",
        _ => "–",
    };

    public static string Decision(ColumnDriftResult c)
    {
        if (c.Status == ColumnDriftStatus.NotTestable)
        {
            return "not testable";
        }
        var score = c.AdjustedPValue ?? c.Score;
        var rule = $"{Number(score)} {Operator(c.Operator)} {Number(c.Threshold)}";
        return c.Drifted ? $"drift ({rule})" : "no drift";
    }

    public static string Missing(ColumnDriftResult c)
        => $"{Percent(c.ReferenceMissingShare)} → {Percent(c.CurrentMissingShare)}{(c.MissingShareChanged ? " (changed)" : "")}";

    public static string Summary(DriftReport r)
        => $"{r.DriftedColumns} of {r.TestedColumns} tested columns drifted ({Percent(r.DriftShare)}): {r.AlertLevel.ToString().ToUpperInvariant()}";
}
