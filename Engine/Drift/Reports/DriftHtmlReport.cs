using System.Globalization;
using System.Net;
using System.Text;
using static LeadScoring.Engine.Drift.Reports.DriftReportText;

namespace LeadScoring.Engine.Drift.Reports;

/// <summary>
/// Renders a <see cref="DriftReport"/> as one self-contained HTML page: inline CSS and inline SVG histograms built
/// from the aggregated bins, no script and no external link, so it opens offline at once. Every text that can come
/// from uploaded data (column names, categories, reasons) is HTML-encoded.
/// </summary>
public static class DriftHtmlReport
{
    private const int Width = 420;
    private const int Height = 110;

    /// <summary>The HTML document.</summary>
    public static string Render(DriftReport report, string title = "Data drift report")
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title><style>")
          .Append("body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;width:100%}")
          .Append("th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f4f4f4}")
          .Append(".green{background:#2e7d32}.yellow{background:#f9a825}.red{background:#c62828}.badge{color:#fff;padding:2px 8px;border-radius:4px}")
          .Append(".drift{color:#c62828;font-weight:600}.muted{color:#777}svg{background:#fafafa}.ref{fill:#5c7cfa}.cur{fill:#fd7e14}")
          .Append("</style></head><body>");
        var level = report.AlertLevel.ToString().ToLowerInvariant();
        sb.Append("<h1>").Append(E(title)).Append("</h1><p><span class=\"badge ").Append(level).Append("\">").Append(level.ToUpperInvariant())
          .Append("</span> ").Append(E(Summary(report))).Append("</p><p class=\"muted\">Profile ").Append(E(report.Profile.ToString()))
          .Append(report.BenjaminiHochberg ? " · Benjamini–Hochberg adjusted p-values" : "")
          .Append(" · yellow ≥ ").Append(Percent(report.YellowShare)).Append(", red ≥ ").Append(Percent(report.RedShare))
          .Append(" · reference rows ").Append(report.ReferenceRows.ToString(CultureInfo.InvariantCulture))
          .Append(", current rows ").Append(report.CurrentRows.ToString(CultureInfo.InvariantCulture)).Append("</p>");
        if (report.PredictionDrift is { } p)
        {
            sb.Append("<h2>Prediction drift</h2><p>KS D ").Append(Number(p.Statistic)).Append(", p ").Append(Number(p.PValue))
              .Append(" <span class=\"badge ").Append(p.AlertLevel.ToString().ToLowerInvariant()).Append("\">")
              .Append(p.AlertLevel.ToString().ToUpperInvariant()).Append("</span></p>");
            if (p.Histogram is not null)
            {
                Svg(sb, p.Histogram);
            }
        }
        sb.Append("<h2>Columns</h2><table><thead><tr><th>Column</th><th>Test</th><th>Score</th><th>Decision</th><th>Effect size</th>")
          .Append("<th>Missing (ref → cur)</th><th>Unseen</th><th>Distribution <span class=\"ref\">■</span> reference <span class=\"cur\">■</span> current</th></tr></thead><tbody>");
        foreach (var c in report.Columns.OrderByDescending(c => c.Drifted).ThenBy(c => c.Status))
        {
            sb.Append("<tr><td><b>").Append(E(c.Column)).Append("</b><br><span class=\"muted\">").Append(E(c.Kind.ToString())).Append("</span></td><td>")
              .Append(E(Test(c.Test))).Append("</td><td>").Append(E(Number(c.Score)));
            if (c.AdjustedPValue is double adj)
            {
                sb.Append("<br><span class=\"muted\">adjusted ").Append(E(Number(adj))).Append("</span>");
            }
            sb.Append("</td><td").Append(c.Drifted ? " class=\"drift\"" : "").Append('>').Append(E(Decision(c)));
            if (c.Reason is not null)
            {
                sb.Append("<br><span class=\"muted\">").Append(E(c.Reason)).Append("</span>");
            }
            sb.Append("</td><td>").Append(c.EffectSize is null ? "–" : E($"{c.EffectSize.Name} {Number(c.EffectSize.Value)}"))
              .Append("</td><td>").Append(E(Missing(c))).Append("</td><td>");
            if (c.UnseenCount > 0)
            {
                sb.Append(c.UnseenCount.ToString(CultureInfo.InvariantCulture)).Append(": ")
                  .Append(E(string.Join(", ", c.UnseenCategories.Select(u => $"{u.Value} ({u.Count.ToString(CultureInfo.InvariantCulture)})")))).Append(c.UnseenTruncated ? " …" : "");
            }
            else
            {
                sb.Append('–');
            }
            sb.Append("</td><td>");
            if (c.Histogram is not null)
            {
                Svg(sb, c.Histogram);
            }
            sb.Append("</td></tr>");
        }
        sb.Append("</tbody></table><p class=\"muted\">Schema version ").Append(report.SchemaVersion.ToString(CultureInfo.InvariantCulture))
          .Append(". Bars are shares of each sample's non-missing values.</p></body></html>");
        return sb.ToString();
    }

    /// <summary>Paired bars (reference, current) per bin, heights as shares of each sample; labels in tooltips.</summary>
    private static void Svg(StringBuilder sb, DriftHistogram h)
    {
        var n = h.ReferenceCounts.Count;
        if (n == 0)
        {
            return;
        }
        double rt = Math.Max(1, h.ReferenceCounts.Sum()), ct = Math.Max(1, h.CurrentCounts.Sum());
        var max = 0.0;
        for (var i = 0; i < n; i++)
        {
            max = Math.Max(max, Math.Max(h.ReferenceCounts[i] / rt, h.CurrentCounts[i] / ct));
        }
        max = max > 0 ? max : 1;
        var slot = (double)Width / n;
        sb.Append("<svg width=\"").Append(Width).Append("\" height=\"").Append(Height + 14).Append("\" role=\"img\">");
        for (var i = 0; i < n; i++)
        {
            var label = h.Categories is not null ? h.Categories[i] : $"[{Number(h.Edges![i])}, {Number(h.Edges![i + 1])}{(i == n - 1 ? "]" : ")")}";
            var r = h.ReferenceCounts[i] / rt;
            var c = h.CurrentCounts[i] / ct;
            Bar(sb, "ref", i * slot + slot * 0.1, slot * 0.4, r / max, $"{label} reference {Percent(r)}");
            Bar(sb, "cur", i * slot + slot * 0.5, slot * 0.4, c / max, $"{label} current {Percent(c)}");
        }
        if (h.Edges is not null)
        {
            sb.Append("<text x=\"0\" y=\"").Append(Height + 12).Append("\" font-size=\"10\">").Append(E(Number(h.Edges[0]))).Append("</text>");
            sb.Append("<text x=\"").Append(Width).Append("\" y=\"").Append(Height + 12).Append("\" font-size=\"10\" text-anchor=\"end\">")
              .Append(E(Number(h.Edges[^1]))).Append("</text>");
        }
        else if (n <= 8)
        {
            for (var i = 0; i < n; i++)
            {
                var text = h.Categories![i].Length > 12 ? h.Categories[i][..12] + "…" : h.Categories[i];
                sb.Append("<text x=\"").Append(F(i * slot + slot / 2)).Append("\" y=\"").Append(Height + 12)
                  .Append("\" font-size=\"10\" text-anchor=\"middle\">").Append(E(text)).Append("</text>");
            }
        }
        sb.Append("</svg>");
    }

    private static void Bar(StringBuilder sb, string cls, double x, double w, double fraction, string title)
    {
        var height = fraction * Height;
        sb.Append("<rect class=\"").Append(cls).Append("\" x=\"").Append(F(x)).Append("\" y=\"").Append(F(Height - height))
          .Append("\" width=\"").Append(F(Math.Max(w, 0.5))).Append("\" height=\"").Append(F(height)).Append("\"><title>")
          .Append(E(title)).Append("</title></rect>");
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
