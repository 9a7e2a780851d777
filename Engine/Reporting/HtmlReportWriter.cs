using System.Globalization;
using System.Net;
using System.Text;

namespace LeadScoring.Engine.Reporting;

/// <summary>
/// Builds a self-contained HTML report: one stylesheet, no script and no external link, so it opens offline and
/// passes a CSP of default-src 'none'. Every method that takes text HTML-encodes it; only <see cref="Raw"/> takes
/// markup, and callers pass it only markup they built from encoded parts. The one HTML builder of the project
/// (drift reports, batch reports).
/// </summary>
public sealed class HtmlReportWriter
{
    private const string Style =
        "body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;width:100%}"
        + "th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f4f4f4}"
        + ".green{background:#2e7d32}.yellow{background:#f9a825}.red{background:#c62828}.badge{color:#fff;padding:2px 8px;border-radius:4px}"
        + ".drift{color:#c62828;font-weight:600}.muted{color:#777}svg{background:#fafafa}.ref{fill:#5c7cfa}.cur{fill:#fd7e14}";

    private readonly StringBuilder _html = new(16_384);
    private bool _inRow;

    /// <summary>Starts the document with <paramref name="title"/> as its title and first heading.</summary>
    public HtmlReportWriter(string title)
    {
        _html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(Encode(title))
            .Append("</title><style>").Append(Style).Append("</style></head><body><h1>").Append(Encode(title)).Append("</h1>");
    }

    /// <summary>HTML-encodes text.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A heading (2 or 3).</summary>
    public HtmlReportWriter Heading(string text, int level = 2)
    {
        var tag = level is >= 2 and <= 4 ? level : 2;
        _html.Append(CultureInfo.InvariantCulture, $"<h{tag}>").Append(Encode(text)).Append(CultureInfo.InvariantCulture, $"</h{tag}>");
        return this;
    }

    /// <summary>A paragraph of text; <paramref name="muted"/> greys it.</summary>
    public HtmlReportWriter Paragraph(string text, bool muted = false)
    {
        _html.Append(muted ? "<p class=\"muted\">" : "<p>").Append(Encode(text)).Append("</p>");
        return this;
    }

    /// <summary>A coloured level badge ("GREEN") followed by text.</summary>
    public HtmlReportWriter BadgeParagraph(string level, string text)
    {
        var css = level.ToLowerInvariant();
        _html.Append("<p><span class=\"badge ").Append(Encode(css)).Append("\">").Append(Encode(level.ToUpperInvariant()))
            .Append("</span> ").Append(Encode(text)).Append("</p>");
        return this;
    }

    /// <summary>Opens a table with a header row.</summary>
    public HtmlReportWriter BeginTable(params string[] headers)
    {
        _html.Append("<table><thead><tr>");
        foreach (var h in headers)
        {
            _html.Append("<th>").Append(Encode(h)).Append("</th>");
        }
        _html.Append("</tr></thead><tbody>");
        return this;
    }

    /// <summary>A row of plain-text cells.</summary>
    public HtmlReportWriter Row(params string?[] cells)
    {
        BeginRow();
        foreach (var c in cells)
        {
            Cell(c);
        }
        return EndRow();
    }

    /// <summary>Starts a row whose cells are added one by one.</summary>
    public HtmlReportWriter BeginRow()
    {
        _html.Append("<tr>");
        _inRow = true;
        return this;
    }

    /// <summary>A text cell; <paramref name="note"/> adds a greyed second line; <paramref name="emphasis"/> marks it red and bold.</summary>
    public HtmlReportWriter Cell(string? text, string? note = null, bool emphasis = false)
    {
        _html.Append(emphasis ? "<td class=\"drift\">" : "<td>").Append(Encode(text));
        if (note is not null)
        {
            _html.Append("<br><span class=\"muted\">").Append(Encode(note)).Append("</span>");
        }
        _html.Append("</td>");
        return this;
    }

    /// <summary>A cell holding a bar chart of paired shares (see <see cref="PairedBars"/>).</summary>
    public HtmlReportWriter BarsCell(IReadOnlyList<string> labels, IReadOnlyList<double> reference, IReadOnlyList<double> current, string? firstAxisLabel = null, string? lastAxisLabel = null)
    {
        _html.Append("<td>");
        PairedBars(labels, reference, current, firstAxisLabel, lastAxisLabel);
        _html.Append("</td>");
        return this;
    }

    /// <summary>Ends the current row.</summary>
    public HtmlReportWriter EndRow()
    {
        if (_inRow)
        {
            _html.Append("</tr>");
            _inRow = false;
        }
        return this;
    }

    /// <summary>Closes the table.</summary>
    public HtmlReportWriter EndTable()
    {
        EndRow();
        _html.Append("</tbody></table>");
        return this;
    }

    /// <summary>
    /// An inline SVG of paired bars per bin (reference, current), heights as shares; each bar's label and share in its
    /// tooltip; axis labels under the first and last bins (or under every bin when there are few categories).
    /// </summary>
    public HtmlReportWriter PairedBars(IReadOnlyList<string> labels, IReadOnlyList<double> reference, IReadOnlyList<double> current,
        string? firstAxisLabel = null, string? lastAxisLabel = null)
    {
        const int width = 420, height = 110;
        var n = reference.Count;
        if (n == 0)
        {
            return this;
        }
        var max = Math.Max(reference.Max(), current.Max());
        max = max > 0 ? max : 1;
        var slot = (double)width / n;
        _html.Append("<svg width=\"").Append(width).Append("\" height=\"").Append(height + 14).Append("\" role=\"img\">");
        for (var i = 0; i < n; i++)
        {
            Bar("ref", i * slot + slot * 0.1, slot * 0.4, reference[i] / max, height, $"{labels[i]} reference {Format.Percent(reference[i])}");
            Bar("cur", i * slot + slot * 0.5, slot * 0.4, current[i] / max, height, $"{labels[i]} current {Format.Percent(current[i])}");
        }
        if (firstAxisLabel is not null && lastAxisLabel is not null)
        {
            _html.Append("<text x=\"0\" y=\"").Append(height + 12).Append("\" font-size=\"10\">").Append(Encode(firstAxisLabel)).Append("</text>");
            _html.Append("<text x=\"").Append(width).Append("\" y=\"").Append(height + 12).Append("\" font-size=\"10\" text-anchor=\"end\">")
                .Append(Encode(lastAxisLabel)).Append("</text>");
        }
        else if (n <= 8)
        {
            for (var i = 0; i < n; i++)
            {
                var text = labels[i].Length > 12 ? labels[i][..12] + "…" : labels[i];
                _html.Append("<text x=\"").Append(F(i * slot + slot / 2)).Append("\" y=\"").Append(height + 12)
                    .Append("\" font-size=\"10\" text-anchor=\"middle\">").Append(Encode(text)).Append("</text>");
            }
        }
        _html.Append("</svg>");
        return this;
    }

    /// <summary>Markup the caller built from encoded parts (e.g. a legend).</summary>
    public HtmlReportWriter Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    /// <summary>Closes the document and returns it.</summary>
    public string Finish() => _html.Append("</body></html>").ToString();

    private void Bar(string cls, double x, double w, double fraction, int height, string title)
    {
        var h = fraction * height;
        _html.Append("<rect class=\"").Append(cls).Append("\" x=\"").Append(F(x)).Append("\" y=\"").Append(F(height - h))
            .Append("\" width=\"").Append(F(Math.Max(w, 0.5))).Append("\" height=\"").Append(F(h)).Append("\"><title>")
            .Append(Encode(title)).Append("</title></rect>");
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
