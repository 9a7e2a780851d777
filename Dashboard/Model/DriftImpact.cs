using LeadScoring.Engine.Explanations;
using LeadScoring.Engine.Features;

namespace LeadScoring.Dashboard.Model;

/// <summary>How much each drift column's raw column moved the scores (its share of the summed |log-odds shift|).</summary>
public static class DriftImpact
{
    /// <summary>The raw lead column a drift column belongs to: a model feature's source column, else itself (one-hot groups are named by it).</summary>
    public static string RawColumnOf(string driftColumn) =>
        FeatureSchema.IndexOf(driftColumn) is var i and >= 0 ? FeatureSchema.Features[i].RawColumn : driftColumn;

    /// <summary>Share of the score shift per raw column (0 … 1), from an attribution.</summary>
    public static IReadOnlyDictionary<string, double> Shares(ScoreShiftAttribution attribution)
    {
        ArgumentNullException.ThrowIfNull(attribution);
        var total = attribution.RawColumns.Sum(t => Math.Abs(t.MarginShift));
        return attribution.RawColumns.ToDictionary(t => t.Name, t => total > 0 ? Math.Abs(t.MarginShift) / total : 0, StringComparer.Ordinal);
    }

    /// <summary>
    /// The verdict: drifted columns that move the scores most, and those that drift but barely matter (under 5 % of the shift).
    /// </summary>
    public static string Verdict(ScoreShiftAttribution attribution, IEnumerable<string> driftedColumns)
    {
        var shares = Shares(attribution);
        var drifted = driftedColumns.Select(RawColumnOf).Distinct(StringComparer.Ordinal).ToList();
        if (drifted.Count == 0)
        {
            return "No column drifted.";
        }
        double Share(string c) => shares.TryGetValue(c, out var s) ? s : 0;
        var matter = drifted.Where(c => Share(c) >= 0.05).OrderByDescending(Share).ToList();
        var barely = drifted.Where(c => Share(c) < 0.05).ToList();
        var together = drifted.Sum(Share);
        return $"{drifted.Count} drifted column(s), together {Engine.Reporting.Format.Percent(together, 0)} of the score shift" +
            (matter.Count > 0 ? $"; moving the scores most: {string.Join(", ", matter.Select(c => $"{c} ({Engine.Reporting.Format.Percent(Share(c), 0)})"))}" : "") +
            (barely.Count > 0 ? $"; drifting but barely mattering: {string.Join(", ", barely)}" : "") + ".";
    }
}
