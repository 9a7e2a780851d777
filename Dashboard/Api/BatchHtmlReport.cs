using System.Globalization;
using System.Net;
using System.Text;
using LeadScoring.Engine.Drift;
using LeadScoring.Dashboard.Api.Contracts;

namespace LeadScoring.Dashboard.Api;

/// <summary>
/// A self-contained HTML report of one batch (validation issues, drift per column, unseen categories). Every value
/// that can come from an uploaded file (file name, cells quoted in messages, categories) is HTML-encoded: uploaded
/// text is shown as text, never markup. No script; the page's CSP (default-src 'none') forbids any anyway.
/// </summary>
public static class BatchHtmlReport
{
    public static string Render(BatchResponse batch, DriftReport? drift)
    {
        var html = new StringBuilder(16_384);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Batch ")
            .Append(batch.BatchId.ToString(CultureInfo.InvariantCulture)).Append(" report</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}</style></head><body>");
        html.Append("<h1>Batch ").Append(batch.BatchId.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(E(batch.FileName)).Append("</h1>");
        html.Append("<p>Status: ").Append(E(batch.Status)).Append(" · schema: ").Append(E(batch.Schema ?? "unknown"))
            .Append(" · rows: ").Append(N(batch.Rows.Total)).Append(" read, ").Append(N(batch.Rows.Stored)).Append(" stored, ")
            .Append(N(batch.Rows.Errors)).Append(" errors, ").Append(N(batch.Rows.Warnings)).Append(" warnings</p>");
        if (batch.Message is not null)
        {
            html.Append("<p>").Append(E(batch.Message)).Append("</p>");
        }
        if (batch.Validation is { } validation)
        {
            Issues(html, "Errors", validation.Errors);
            Issues(html, "Warnings", validation.Warnings);
        }
        if (drift is not null)
        {
            html.Append("<h2>Drift: ").Append(E(drift.AlertLevel.ToString())).Append(" (").Append(N(drift.DriftedColumns)).Append(" of ")
                .Append(N(drift.TestedColumns)).Append(" columns)</h2><table><tr><th>Column</th><th>Test</th><th>Score</th><th>Drifted</th><th>Unseen values</th></tr>");
            foreach (var c in drift.Columns)
            {
                html.Append("<tr><td>").Append(E(c.Column)).Append("</td><td>").Append(E(c.Test?.ToString() ?? c.Reason ?? ""))
                    .Append("</td><td>").Append(c.Score is double s ? s.ToString("G4", CultureInfo.InvariantCulture) : "")
                    .Append("</td><td>").Append(c.Drifted ? "yes" : "no").Append("</td><td>")
                    .Append(E(string.Join(", ", c.UnseenCategories.Select(u => $"{u.Value} ({u.Count.ToString(CultureInfo.InvariantCulture)})"))))
                    .Append("</td></tr>");
            }
            html.Append("</table>");
        }
        return html.Append("</body></html>").ToString();
    }

    private static void Issues(StringBuilder html, string title, IReadOnlyList<CsvIssueContract> issues)
    {
        if (issues.Count == 0)
        {
            return;
        }
        html.Append("<h2>").Append(title).Append("</h2><table><tr><th>Row</th><th>Column</th><th>Message</th></tr>");
        foreach (var i in issues)
        {
            html.Append("<tr><td>").Append(i.Row == 0 ? "header" : N(i.Row)).Append("</td><td>").Append(E(i.Column ?? ""))
                .Append("</td><td>").Append(E(i.Message)).Append("</td></tr>");
        }
        html.Append("</table>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
