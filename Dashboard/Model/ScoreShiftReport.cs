using System.Text.Json;
using System.Text.Json.Nodes;
using LeadScoring.Core.Explanations;
using LeadScoring.Engine.Reporting;

namespace LeadScoring.Dashboard.Model;

/// <summary>The score-shift attribution in the downloadable drift reports (JSON member <c>scoreShift</c>, an HTML section).</summary>
public static class ScoreShiftReport
{
    public static string AddToJson(string driftJson, ScoreShiftResult shift)
    {
        ArgumentNullException.ThrowIfNull(shift);
        var node = JsonNode.Parse(driftJson)!.AsObject();
        if (shift.Attribution is not { } a)
        {
            node["scoreShift"] = new JsonObject { ["unavailable"] = shift.Unavailable };
        }
        else
        {
            var shares = DriftImpact.Shares(a);
            node["scoreShift"] = new JsonObject
            {
                ["meanScoreReference"] = a.MeanScoreReference, ["meanScoreCurrent"] = a.MeanScoreCurrent,
                ["scoreShiftPercentagePoints"] = a.ScoreShiftPercentagePoints, ["marginShift"] = a.MarginShift,
                ["currentRows"] = a.CurrentRows, ["currentSample"] = a.CurrentSampleSize, ["referenceSample"] = a.ReferenceSampleSize,
                ["rawColumns"] = new JsonArray([.. a.RawColumns.Select(t => (JsonNode)new JsonObject
                {
                    ["name"] = t.Name, ["marginShift"] = t.MarginShift, ["share"] = shares[t.Name],
                })]),
            };
        }
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public static void AppendHtml(HtmlReportWriter html, ScoreShiftResult shift)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(shift);
        html.Heading("What moved the scores");
        if (shift.Attribution is not { } a)
        {
            html.Paragraph("Not available: " + shift.Unavailable, muted: true);
            return;
        }
        html.Paragraph($"Mean score {Format.Score(a.MeanScoreReference)} (reference sample, {Format.Count(a.ReferenceSampleSize)} rows) → " +
            $"{Format.Score(a.MeanScoreCurrent)} ({Format.Count(a.CurrentSampleSize)} of {Format.Count(a.CurrentRows)} rows explained). " +
            $"The mean log-odds moved {Format.Number(a.MarginShift)}; the columns below add up to it exactly (SHAP values against the version's reference sample).");
        var shares = DriftImpact.Shares(a);
        html.BeginTable("raw column", "log-odds shift", "share of the shift");
        foreach (var t in a.RawColumns)
        {
            html.Row(t.Name, Format.Number(t.MarginShift), Format.Percent(shares[t.Name], 0));
        }
        html.EndTable();
    }
}
