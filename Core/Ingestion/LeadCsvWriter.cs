using LeadScoring.Core.Domain;
using LeadScoring.Core.Features;

namespace LeadScoring.Core.Ingestion;

/// <summary>Writes leads and feature rows in the two schemas <see cref="LeadCsvReader"/> reads back.</summary>
public static class LeadCsvWriter
{
    /// <summary>
    /// Raw leads with the 19 raw columns (and engaged when <paramref name="includeLabel"/>); null is an empty
    /// cell. Formula neutralisation is off so the file reads back unchanged; use <see cref="SafeCsvWriter"/>
    /// for spreadsheet exports.
    /// </summary>
    public static void WriteRaw(TextWriter writer, IEnumerable<RawLead> leads, bool includeLabel)
    {
        using var csv = new SafeCsvWriter(writer, leaveOpen: true, neutralizeFormulas: false);
        csv.WriteRow(RawSchema.Columns.Select(c => c.Name).Concat(includeLabel ? [RawSchema.LabelColumn] : []));
        foreach (var lead in leads)
        {
            foreach (var column in RawSchema.Columns)
            {
                if (column.Kind is RawColumnKind.Integer or RawColumnKind.Float)
                {
                    csv.WriteNumber(RawSchema.GetNumber(lead, column.Name));
                }
                else
                {
                    csv.WriteText(RawSchema.GetString(lead, column.Name));
                }
            }
            if (includeLabel)
            {
                csv.WriteNumber(lead.Engaged);
            }
            csv.EndRow();
        }
    }

    /// <summary>
    /// The 47 features per row (row-major buffer), header = feature names, values in shortest round-trip form;
    /// with <paramref name="labels"/>, an engaged column is appended.
    /// </summary>
    public static void WriteProcessed(TextWriter writer, ReadOnlySpan<double> rowMajor, IReadOnlyList<int?>? labels = null)
    {
        using var csv = new SafeCsvWriter(writer, leaveOpen: true, neutralizeFormulas: false);
        csv.WriteRow(labels is null ? FeatureSchema.Names : FeatureSchema.Names.Append(RawSchema.LabelColumn));
        var rows = rowMajor.Length / FeatureSchema.Count;
        for (var r = 0; r < rows; r++)
        {
            foreach (var value in rowMajor.Slice(r * FeatureSchema.Count, FeatureSchema.Count))
            {
                csv.WriteNumber(value);
            }
            if (labels is not null)
            {
                csv.WriteNumber(labels[r]);
            }
            csv.EndRow();
        }
    }
}
