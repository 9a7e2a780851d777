using System.Globalization;
using LeadScoring.Engine.Reporting;
using static LeadScoring.Engine.Drift.Reports.DriftText;

namespace LeadScoring.Engine.Drift.Reports;

/// <summary>
/// Renders a <see cref="DriftReport"/> as one self-contained HTML page (through <see cref="HtmlReportWriter"/>: inline
/// CSS and SVG histograms built from the aggregated bins, no script, no external link). Every text that can come from
/// uploaded data (column names, categories, reasons) is HTML-encoded.
/// </summary>
public static class DriftHtmlReport
{
    /// <summary>The HTML document.</summary>
    public static string Render(DriftReport report, string title = "Data drift report", Action<HtmlReportWriter>? more = null)
    {
        var html = new HtmlReportWriter(title);
        Append(html, report);
        more?.Invoke(html); // sections others add (e.g. the score-shift attribution), in the same document
        return html.Finish();
    }

    /// <summary>Writes the report's sections (summary, prediction drift, columns) into another report.</summary>
    public static void Append(HtmlReportWriter html, DriftReport report)
    {
        html.BadgeParagraph(report.AlertLevel.ToString(), Summary(report))
            .Paragraph(string.Create(CultureInfo.InvariantCulture,
                $"Profile {report.Profile}{(report.BenjaminiHochberg ? " · Benjamini–Hochberg adjusted p-values" : "")} · yellow ≥ {Format.Percent(report.YellowShare)}, red ≥ {Format.Percent(report.RedShare)} · reference rows {report.ReferenceRows}, current rows {report.CurrentRows}"),
                muted: true);
        if (report.PredictionDrift is { } p)
        {
            html.Heading("Prediction drift")
                .BadgeParagraph(p.AlertLevel.ToString(), $"KS D {Format.Number(p.Statistic)}, p {Format.Number(p.PValue)}");
            if (p.Histogram is { } h)
            {
                Bars(html, h, inCell: false);
            }
        }
        html.Heading("Columns")
            .BeginTable("Column", "Test", "Score", "Decision", "Effect size", "Missing (ref → cur)", "Unseen", "Distribution: reference (blue), current (orange)");
        foreach (var c in report.Columns.OrderByDescending(c => c.Drifted).ThenBy(c => c.Status))
        {
            var unseen = c.UnseenCount > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{c.UnseenCount}: {string.Join(", ", c.UnseenCategories.Select(u => $"{u.Value} ({u.Count})"))}{(c.UnseenTruncated ? " …" : "")}")
                : Format.Missing;
            html.BeginRow()
                .Cell(c.Column, c.Kind.ToString())
                .Cell(Test(c.Test))
                .Cell(Format.Number(c.Score), c.AdjustedPValue is double adj ? "adjusted " + Format.Number(adj) : null)
                .Cell(Decision(c), c.Reason, emphasis: c.Drifted)
                .Cell(EffectSize(c))
                .Cell(Missing(c))
                .Cell(unseen);
            if (c.Histogram is { } h)
            {
                Bars(html, h, inCell: true);
            }
            else
            {
                html.Cell("");
            }
            html.EndRow();
        }
        html.EndTable().Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"Schema version {report.SchemaVersion}. Bars are shares of each sample's non-missing values."), muted: true);
    }

    private static void Bars(HtmlReportWriter html, DriftHistogram h, bool inCell)
    {
        var labels = Enumerable.Range(0, h.ReferenceCounts.Count).Select(i => BinLabel(h, i)).ToArray();
        var (first, last) = h.Edges is { } edges ? (Format.Number(edges[0]), Format.Number(edges[^1])) : ((string?)null, (string?)null);
        if (inCell)
        {
            html.BarsCell(labels, Shares(h.ReferenceCounts), Shares(h.CurrentCounts), first, last);
        }
        else
        {
            html.PairedBars(labels, Shares(h.ReferenceCounts), Shares(h.CurrentCounts), first, last);
        }
    }
}
