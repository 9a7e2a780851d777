using System.Globalization;
using System.Text;
using LeadScoring.Engine.Reporting;
using static LeadScoring.Engine.Drift.Reports.DriftText;

namespace LeadScoring.Engine.Drift.Reports;

/// <summary>Renders a <see cref="DriftReport"/> as a GitHub-flavoured Markdown summary (pipes in names are escaped).</summary>
public static class DriftMarkdownReport
{
    /// <summary>The Markdown text.</summary>
    public static string Render(DriftReport report)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Data drift report").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Result: **{Summary(report)}** (yellow ≥ {Format.Percent(report.YellowShare)}, red ≥ {Format.Percent(report.RedShare)})");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Profile: {report.Profile}{(report.BenjaminiHochberg ? ", Benjamini–Hochberg adjusted p-values" : "")}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Rows: reference {report.ReferenceRows}, current {report.CurrentRows}");
        if (report.PredictionDrift is { } p)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- Prediction drift: KS D {Format.Number(p.Statistic)}, p {Format.Number(p.PValue)} → {p.AlertLevel.ToString().ToUpperInvariant()}");
        }
        sb.AppendLine();
        sb.AppendLine("| Column | Kind | Test | Score | Adjusted p | Threshold | Decision | Effect size | Missing (ref → cur) | Unseen | Note |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var c in report.Columns.OrderByDescending(c => c.Drifted).ThenBy(c => c.Status))
        {
            var unseen = c.UnseenCount == 0 ? Format.Missing : $"{c.UnseenCount} ({string.Join(", ", c.UnseenCategories.Take(5).Select(u => u.Value))})";
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(c.Column)} | {c.Kind} | {Test(c.Test)} | {Format.Number(c.Score)} | {Format.Number(c.AdjustedPValue)} | {Threshold(c)} | {Decision(c)} | {EffectSize(c)} | {Missing(c)} | {Cell(unseen)} | {Cell(c.Reason ?? "")} |");
        }
        return sb.ToString();
    }

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal);
}
