using System.Collections.Frozen;
using LeadScoring.Engine.Domain;

namespace LeadScoring.Engine.Features;

/// <summary>
/// The compiled transform of a <see cref="FeaturePipelineState"/>: frozen lookups and fixed feature indexes.
/// Order of the original: text features, imputation ("UNKNOWN" for categories), target encoding, one-hot.
/// </summary>
internal sealed class FeatureTransformer
{
    // Batches at least this large are split across cores.
    private const int ParallelThreshold = 8192;

    // The numeric raw columns by position in the raw schema: read as stored (doubles), no int round trip.
    private static readonly int s_quality = RawSchema.Leads.IndexOf("llm_quality");
    private static readonly int s_engagement = RawSchema.Leads.IndexOf("llm_engagement");
    private static readonly int s_decisionMaker = RawSchema.Leads.IndexOf("llm_decision_maker");
    private static readonly int s_companyFit = RawSchema.Leads.IndexOf("llm_company_fit");
    private static readonly int s_foundedOn = RawSchema.Leads.IndexOf("companyfoundedon");
    private static readonly int s_hasSummary = FeatureSchema.IndexOf("has_summary");
    private static readonly int s_isFounder = FeatureSchema.IndexOf("is_founder");
    private static readonly (int Index, string[] Values)[] s_oneHot =
        FeatureSchema.OneHotGroups.Select(g => (g.Levels[0].FeatureIndex, g.Levels.Select(l => l.Value).ToArray())).ToArray();

    private readonly double _quality, _engagement, _decisionMaker, _companyFit, _foundedOn;
    private readonly FrozenDictionary<string, double>[] _maps;
    private readonly double[] _unknown;

    public FeatureTransformer(FeaturePipelineState state)
    {
        state.Validate();
        (_quality, _engagement, _decisionMaker, _companyFit, _foundedOn) = (state.Medians["llm_quality"],
            state.Medians["llm_engagement"], state.Medians["llm_decision_maker"], state.Medians["llm_company_fit"],
            state.Medians["companyfoundedon"]);
        _maps = state.TargetEncoder.Columns.Select(c => c.Mapping.ToFrozenDictionary(StringComparer.Ordinal)).ToArray();
        _unknown = state.TargetEncoder.Columns.Select(c => c.UnknownValue).ToArray();
    }

    public void Transform(RawLead lead, Span<double> d)
    {
        ArgumentNullException.ThrowIfNull(lead);
        d = d[..FeatureSchema.Count];
        d[0] = Impute(lead.GetNumber(s_quality), _quality);
        d[1] = Impute(lead.GetNumber(s_engagement), _engagement);
        d[2] = Impute(lead.GetNumber(s_decisionMaker), _decisionMaker);
        d[3] = Encode(0, lead.LlmIndustry);
        d[4] = Impute(lead.GetNumber(s_companyFit), _companyFit);
        d[5] = Encode(1, lead.Industry);
        d[6] = Encode(2, lead.CompanyIndustry);
        d[7] = Encode(3, lead.Languages);
        d[8] = Encode(4, lead.Location);
        d[9] = Encode(5, lead.CompanyLocation);
        d[10] = Impute(lead.GetNumber(s_foundedOn), _foundedOn);

        var i = s_hasSummary;
        d[i++] = lead.Summary is null ? 0 : 1;
        d[i++] = lead.Skills is null ? 0 : 1;
        d[i++] = lead.JobTitle is null ? 0 : 1;
        d[i++] = TextFeatures.CodePointLength(lead.Summary);
        d[i++] = TextFeatures.SkillsCount(lead.Skills);
        d[i] = TextFeatures.CodePointLength(lead.JobTitle);

        var title = lead.JobTitle;
        i = s_isFounder;
        d[i++] = Flag(TextFeatures.IsFounder(title));
        d[i++] = Flag(TextFeatures.IsDirector(title));
        d[i++] = Flag(TextFeatures.IsManager(title));
        d[i++] = Flag(TextFeatures.IsSales(title));
        d[i++] = Flag(TextFeatures.IsMarketing(title));
        d[i] = Flag(TextFeatures.IsTechRole(title));

        OneHot(d, 0, lead.LlmSeniority);
        OneHot(d, 1, lead.LlmGeography);
        OneHot(d, 2, lead.LlmBusinessType);
        OneHot(d, 3, lead.CompanySize);
        OneHot(d, 4, lead.CompanyType);
    }

    public void TransformBatch(IReadOnlyList<RawLead> leads, double[] destination)
    {
        CheckBuffer(leads.Count, destination.Length);
        ForEachRange(leads.Count, (from, to) =>
        {
            for (var r = from; r < to; r++)
            {
                Transform(leads[r], destination.AsSpan(r * FeatureSchema.Count, FeatureSchema.Count));
            }
        });
    }

    public void TransformBatch(IReadOnlyList<RawLead> leads, float[] destination)
    {
        CheckBuffer(leads.Count, destination.Length);
        ForEachRange(leads.Count, (from, to) =>
        {
            Span<double> row = stackalloc double[FeatureSchema.Count];
            for (var r = from; r < to; r++)
            {
                Transform(leads[r], row);
                var target = destination.AsSpan(r * FeatureSchema.Count, FeatureSchema.Count);
                for (var c = 0; c < row.Length; c++)
                {
                    target[c] = (float)row[c];
                }
            }
        });
    }

    private static void CheckBuffer(int rows, int length)
    {
        if ((long)rows * FeatureSchema.Count > length)
        {
            throw new ArgumentException($"Destination holds {length} values; {rows} rows need {(long)rows * FeatureSchema.Count}.");
        }
    }

    private static void ForEachRange(int count, Action<int, int> body)
    {
        if (count < ParallelThreshold)
        {
            body(0, count);
            return;
        }
        var chunk = Math.Max(1024, count / (Environment.ProcessorCount * 4));
        var chunks = (count + chunk - 1) / chunk;
        Parallel.For(0, chunks, c => body(c * chunk, Math.Min(count, (c + 1) * chunk)));
    }

    // NaN counts as missing, as pandas fillna does; infinities pass through unchanged.
    private static double Impute(double? value, double median) =>
        value is double v && !double.IsNaN(v) ? v : median;

    private static double Flag(bool value) => value ? 1.0 : 0.0;

    private double Encode(int column, string? value) =>
        _maps[column].TryGetValue(value ?? FeatureSchema.UnknownCategory, out var encoded) ? encoded : _unknown[column];

    private static void OneHot(Span<double> d, int group, string? raw)
    {
        var value = raw ?? FeatureSchema.UnknownCategory;
        var (start, values) = s_oneHot[group];
        for (var k = 0; k < values.Length; k++)
        {
            d[start + k] = string.Equals(values[k], value, StringComparison.Ordinal) ? 1.0 : 0.0;
        }
    }
}
