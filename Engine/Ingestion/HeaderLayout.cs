using System.Globalization;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Features;
using Sylvan.Data.Csv;

namespace LeadScoring.Engine.Ingestion;

/// <summary>Schema of a CSV batch and where each needed column sits in it.</summary>
internal sealed class HeaderLayout
{
    private static readonly HashSet<string> s_featureNames = FeatureSchema.Names.ToHashSet(StringComparer.Ordinal);

    private HeaderLayout(LeadBatchSchema schema, int[] ordinals, int labelOrdinal, int leadIdOrdinal)
    {
        Schema = schema;
        Ordinals = ordinals;
        LabelOrdinal = labelOrdinal;
        LeadIdOrdinal = leadIdOrdinal;
    }

    public LeadBatchSchema Schema { get; }

    /// <summary>Per raw column (raw schema) or per feature (processed schema): its CSV ordinal, or -1.</summary>
    public int[] Ordinals { get; }

    /// <summary>CSV ordinal of engaged, or -1.</summary>
    public int LabelOrdinal { get; }

    /// <summary>CSV ordinal of lead_id, or -1.</summary>
    public int LeadIdOrdinal { get; }

    public static HeaderLayout? Build(CsvDataReader csv, LeadBatchSchema? expected, RawSchema raw, IssueCollector issues, bool allowMissingColumns)
    {
        var names = new string[csv.FieldCount];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = csv.GetName(i).Trim().TrimStart('\uFEFF');
        }
        foreach (var group in names.Select((n, i) => (n, i)).Where(p => p.n.Length > 0).GroupBy(p => p.n, StringComparer.Ordinal))
        {
            if (group.Count() > 1)
            {
                issues.Error(0, group.Key, "The column appears more than once (at positions " +
                    string.Join(", ", group.Select(p => (p.i + 1).ToString(CultureInfo.InvariantCulture))) + ").");
            }
        }

        var schema = expected ?? Detect(names, raw);
        if (schema is null)
        {
            issues.Error(0, null, "The header matches neither the raw lead schema (llm_quality, llm_seniority, …, jobtitle) " +
                "nor the 47 processed features (llm_quality, …, companytype_UNKNOWN).");
            return null;
        }

        var labelOrdinal = Array.IndexOf(names, RawSchema.LabelColumn);
        var leadIdOrdinal = Array.IndexOf(names, RawSchema.LeadIdColumn);
        var wanted = schema == LeadBatchSchema.Raw
            ? raw.Columns.Select(c => c.Name).ToArray()
            : FeatureSchema.Names.ToArray();
        var ordinals = wanted.Select(n => Array.IndexOf(names, n)).ToArray();
        var unknown = names.Where((n, i) => n.Length > 0 && i != labelOrdinal && i != leadIdOrdinal && !ordinals.Contains(i)).ToList();
        for (var k = 0; k < wanted.Length; k++)
        {
            if (ordinals[k] >= 0)
            {
                continue;
            }
            var hint = ColumnNameHint.DidYouMean(wanted[k], unknown);
            if (schema == LeadBatchSchema.Processed)
            {
                issues.Error(0, wanted[k], "The processed feature column is missing." + hint);
            }
            else if (allowMissingColumns)
            {
                issues.Warning(0, wanted[k], "The raw column is missing; its values are treated as missing." + hint);
            }
            else
            {
                issues.Error(0, wanted[k], "The raw column is missing." + hint +
                    " Every row would get the missing value, which looks like drift; allow missing columns to read it anyway.");
            }
        }
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0)
            {
                issues.Warning(0, null, string.Create(CultureInfo.InvariantCulture, $"Column {i + 1} has no name and is ignored."));
            }
            else if (i != labelOrdinal && i != leadIdOrdinal && !ordinals.Contains(i))
            {
                issues.Warning(0, names[i], "Unknown column, ignored.");
            }
        }
        return issues.ErrorCount > 0 ? null : new HeaderLayout(schema.Value, ordinals, labelOrdinal, leadIdOrdinal);
    }

    private static LeadBatchSchema? Detect(string[] names, RawSchema raw)
    {
        bool IsRaw(string name) => raw.IndexOf(name) >= 0;
        var modelOnly = names.Count(n => s_featureNames.Contains(n) && !IsRaw(n));
        var rawOnly = names.Count(n => IsRaw(n) && !s_featureNames.Contains(n));
        if (modelOnly > rawOnly)
        {
            return LeadBatchSchema.Processed;
        }
        return names.Any(IsRaw) ? LeadBatchSchema.Raw : null;
    }
}
