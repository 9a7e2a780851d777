using LeadScoring.Core.Domain;
using LeadScoring.Core.Features;

namespace LeadScoring.Core.Ingestion;

/// <summary>Builds a <see cref="RawLead"/> from the cells of one record.</summary>
internal static class RawRowParser
{
    /// <summary>The lead, or null when any cell was invalid (errors recorded).</summary>
    public static RawLead? Parse(string[] cells, int[] ordinals, int row, IssueCollector issues)
    {
        var numbers = new double?[RawSchema.Columns.Count];
        var strings = new string?[RawSchema.Columns.Count];
        var ok = true;
        for (var k = 0; k < ordinals.Length; k++)
        {
            if (ordinals[k] < 0)
            {
                continue;
            }
            var column = RawSchema.Columns[k];
            var cell = cells[ordinals[k]];
            ok &= column.Kind is RawColumnKind.Integer or RawColumnKind.Float
                ? CellParser.TryRawNumber(cell, column, row, issues, out numbers[k])
                : CellParser.TryRawString(cell, column, row, issues, out strings[k]);
        }
        if (!ok)
        {
            return null;
        }
        // Indexes follow RawSchema.Columns (file order of linkedin_leads_clean.csv).
        return new RawLead
        {
            LlmQuality = (int?)numbers[0],
            LlmSeniority = strings[1],
            LlmEngagement = numbers[2],
            LlmDecisionMaker = numbers[3],
            LlmIndustry = strings[4],
            LlmGeography = strings[5],
            LlmBusinessType = strings[6],
            LlmCompanyFit = (int?)numbers[7],
            Industry = strings[8],
            CompanyIndustry = strings[9],
            CompanySize = SpreadsheetDamage.RepairCompanySize(strings[10], row, issues),
            CompanyType = strings[11],
            Languages = strings[12],
            Location = strings[13],
            CompanyLocation = strings[14],
            CompanyFoundedOn = numbers[15],
            Summary = strings[16],
            Skills = strings[17],
            JobTitle = strings[18],
        };
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
