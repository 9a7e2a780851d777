using System.Globalization;
using LeadScoring.Engine.Drift.Reports;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Reporting;

namespace LeadScoring.Core.Batches;

/// <summary>
/// A self-contained HTML report of one batch: status and row counts, validation issues, then the full drift report
/// (<see cref="DriftHtmlReport"/>). Every value that can come from an uploaded file (file name, cells quoted in
/// messages, categories) is HTML-encoded by <see cref="HtmlReportWriter"/>.
/// </summary>
public static class BatchHtmlReport
{
    /// <summary>The HTML document.</summary>
    public static string Render(StoredBatch batch)
    {
        var b = batch.Record;
        var html = new HtmlReportWriter(string.Create(CultureInfo.InvariantCulture, $"Batch {b.Id}: {b.FileName}"));
        html.Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"Status: {b.Status.ToString().ToLowerInvariant()} · schema: {(b.Schema.Length == 0 ? "unknown" : b.Schema)} · rows: {Format.Count(b.TotalRows)} read, {Format.Count(b.StoredRows)} stored, {Format.Count(b.ErrorCount)} errors, {Format.Count(b.WarningCount)} warnings"));
        if (b.Message is not null)
        {
            html.Paragraph(b.Message);
        }
        if (batch.Validation is { } validation)
        {
            Issues(html, "Errors", validation.Errors);
            Issues(html, "Warnings", validation.Warnings);
        }
        if (batch.Drift is { } drift)
        {
            html.Heading("Drift");
            DriftHtmlReport.Append(html, drift);
        }
        return html.Finish();
    }

    private static void Issues(HtmlReportWriter html, string title, IReadOnlyList<CsvIssue> issues)
    {
        if (issues.Count == 0)
        {
            return;
        }
        html.Heading(title).BeginTable("Row", "Column", "Message");
        foreach (var i in issues)
        {
            html.Row(i.Row == 0 ? "header" : Format.Count(i.Row), i.Column ?? "", i.Message);
        }
        html.EndTable();
    }
}
