using System.Text.Json;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.Features;

public sealed class FeatureSchemaTests
{
    [SharedDataFact]
    public void Names_EqualFeatureColumnsJsonInOrder()
    {
        var expected = JsonSerializer.Deserialize<string[]>(File.ReadAllText(TestPaths.Shared("data", "feature_columns.json")));

        Assert.Equal(expected, FeatureSchema.Names);
    }

    [Fact]
    public void OneHotGroups_HaveSpecBaselinesAndContiguousLevels()
    {
        Assert.Equal(
            ["llm_seniority:Entry:3", "llm_geography:international_hub:2", "llm_business_type:experts:4",
             "companysize:1001-5000:7", "companytype:Educational Institution:8"],
            FeatureSchema.OneHotGroups.Select(g => $"{g.RawColumn}:{g.Baseline}:{g.Levels.Count}"));
        foreach (var group in FeatureSchema.OneHotGroups)
        {
            for (var k = 0; k < group.Levels.Count; k++)
            {
                Assert.Equal(group.Levels[0].FeatureIndex + k, group.Levels[k].FeatureIndex);
                Assert.Equal(group.Prefix + group.Levels[k].Value, FeatureSchema.Names[group.Levels[k].FeatureIndex]);
            }
        }
    }

    [Fact]
    public void Decode_AllZeroDummies_GiveBaselineAndASetDummyGivesItsValue()
    {
        var group = FeatureSchema.OneHotGroups.Single(g => g.RawColumn == "companysize");
        var features = new double[FeatureSchema.Count];

        Assert.Equal("1001-5000", group.Decode(features));
        features[FeatureSchema.IndexOf("companysize_UNKNOWN")] = 1;
        Assert.Equal("UNKNOWN", group.Decode(features));
    }

    [Fact]
    public void Features_KindsCountAsInSpec()
    {
        // spec §2.7: 5 numeric, 6 target-encoded, 9 flags, 3 counts, 24 dummies.
        var counts = FeatureSchema.Features.GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(5, counts[FeatureKind.Numeric]);
        Assert.Equal(6, counts[FeatureKind.TargetEncoded]);
        Assert.Equal(9, counts[FeatureKind.Flag]);
        Assert.Equal(3, counts[FeatureKind.Count]);
        Assert.Equal(24, counts[FeatureKind.OneHot]);
        Assert.Equal("jobtitle", FeatureSchema.Features[FeatureSchema.IndexOf("is_director")].RawColumn);
        Assert.Equal("skills", FeatureSchema.Features[FeatureSchema.IndexOf("skills_count")].RawColumn);
    }
}
