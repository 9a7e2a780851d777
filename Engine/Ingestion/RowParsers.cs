using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Features;

namespace LeadScoring.Engine.Ingestion;

/// <summary>Builds a <see cref="RawLead"/> from the cells of one record, column by column as its schema says.</summary>
internal static class RawRowParser
{
    /// <summary>The lead, or null when any cell was invalid (errors recorded).</summary>
    public static RawLead? Parse(RawSchema schema, string[] cells, int[] ordinals, int row, int? label, string? leadId, IssueCollector issues)
    {
        var numbers = new double?[schema.Columns.Count];
        var strings = new string?[schema.Columns.Count];
        var ok = true;
        for (var k = 0; k < ordinals.Length; k++)
        {
            if (ordinals[k] < 0)
            {
                continue;
            }
            var column = schema.Columns[k];
            var cell = cells[ordinals[k]];
            ok &= column.IsNumeric
                ? CellParser.TryRawNumber(cell, column, row, issues, out numbers[k])
                : CellParser.TryRawString(cell, column, row, issues, out strings[k]);
            if (column.Repair == RawColumnRepair.SpreadsheetDateRange)
            {
                strings[k] = SpreadsheetDamage.RepairCompanySize(strings[k], column.Name, row, issues);
            }
        }
        return ok ? RawLead.Own(schema, numbers, strings, label, leadId) : null;
    }
}

/// <summary>Builds a 47-feature row from the cells of one record.</summary>
internal static class ProcessedRowParser
{
    /// <summary>The features in model order, or null when any cell was invalid (errors recorded).</summary>
    public static double[]? Parse(string[] cells, int[] ordinals, int row, IssueCollector issues)
    {
        var features = new double[FeatureSchema.Count];
        var ok = true;
        for (var k = 0; k < FeatureSchema.Count; k++)
        {
            ok &= CellParser.TryFeature(cells[ordinals[k]], FeatureSchema.Features[k], row, issues, out features[k]);
        }
        if (!ok)
        {
            return null;
        }
        foreach (var group in FeatureSchema.OneHotGroups)
        {
            var set = group.Levels.Count(l => features[l.FeatureIndex] == 1.0);
            if (set > 1)
            {
                issues.Error(row, group.Prefix + "*", $"{set} dummies of {group.RawColumn} are 1; at most one may be.");
                ok = false;
            }
        }
        return ok ? features : null;
    }
}
