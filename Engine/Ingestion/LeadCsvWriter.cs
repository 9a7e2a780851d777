using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Features;

namespace LeadScoring.Engine.Ingestion;

/// <summary>Writes leads and feature rows in the two schemas <see cref="LeadCsvReader"/> reads back.</summary>
public static class LeadCsvWriter
{
    /// <summary>
    /// Raw leads with their schema's columns (and engaged when <paramref name="includeLabel"/>); null is an empty
    /// cell. Formula neutralisation is off so the file reads back unchanged; use <see cref="SafeCsvWriter"/>
    /// for spreadsheet exports.
    /// </summary>
    public static void WriteRaw(TextWriter writer, IEnumerable<RawLead> leads, bool includeLabel, RawSchema? schema = null,
        bool includeLeadId = false)
    {
        schema ??= RawSchema.Leads;
        using var csv = new SafeCsvWriter(writer, leaveOpen: true, neutralizeFormulas: false);
        csv.WriteRow(schema.Columns.Select(c => c.Name).Concat(includeLabel ? [RawSchema.LabelColumn] : [])
            .Concat(includeLeadId ? [RawSchema.LeadIdColumn] : []));
        foreach (var lead in leads)
        {
            for (var i = 0; i < schema.Columns.Count; i++)
            {
                if (schema.Columns[i].IsNumeric)
                {
                    csv.WriteNumber(lead.GetNumber(i));
                }
                else
                {
                    csv.WriteText(lead.GetString(i));
                }
            }
            if (includeLabel)
            {
                csv.WriteNumber(lead.Engaged);
            }
            if (includeLeadId)
            {
                csv.WriteText(lead.LeadId);
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
