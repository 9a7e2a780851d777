using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.Features;

public sealed class FeaturePipelineFitTests
{
    // 1-based record numbers of the original's X_train, from scikit-learn 1.2.1:
    //   df = pd.read_csv("linkedin_leads_clean.csv"); y = df.pop("engaged")
    //   Xtr, _, ytr, _ = train_test_split(df, y, test_size=0.2, random_state=42, stratify=y)
    //   sorted(Xtr.index + 1)
    private static readonly int[] s_trainRecords =
    [
        1, 2, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 31, 32, 33, 34, 35,
        36, 37, 38, 39, 40, 41, 42, 44, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66,
        68, 69, 70, 71, 72, 73, 74, 75, 77, 78, 79, 80, 81, 82, 83, 85, 87, 88, 89, 90, 93, 94, 95, 97, 98, 99, 101, 104,
        105, 106, 107, 108, 109, 110, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 123, 124, 126, 127, 129, 130,
        131, 132, 134, 136, 137, 138, 139, 140, 142, 143, 145, 146, 147, 150, 151, 153, 154, 155, 156, 157, 159, 160,
        161, 162, 163, 164, 165, 166, 167, 168, 170, 171, 172, 174, 176, 177, 178, 179, 182, 183, 184, 185, 186, 187,
        188, 189, 190, 191, 192, 194, 195, 196, 198, 199, 201, 202, 203, 205, 206, 207, 208, 209, 210, 211, 212, 213,
        214, 215, 216, 219, 220, 222, 224, 225, 226, 227, 228, 229, 230, 231, 232, 234, 235, 236, 237, 238, 239, 240,
        241, 242, 244, 245, 246, 248, 249, 250, 252, 253, 255, 256, 257, 258, 259, 260, 262, 263, 265, 266, 267, 269,
        270, 271, 272, 273, 274, 275, 277, 279, 280, 281, 282, 284, 286, 288, 289, 290, 291, 293, 294, 295, 299, 300,
        301, 302,
    ];

    [SharedDataFact]
    public void Fit_OriginalTrainingSplit_ReproducesOriginalTargetEncodingExactly()
    {
        var train = s_trainRecords.Select(r => OriginalFixtures.Leads[r - 1]).ToArray();

        var state = new FeaturePipeline().Fit(train);

        var original = OriginalFixtures.State.TargetEncoder;
        Assert.Equal(242, train.Length);
        Assert.Equal(0.40082644628099173, state.TargetEncoder.Prior); // 97 / 242
        for (var c = 0; c < original.Columns.Count; c++)
        {
            var expected = original.Columns[c];
            var actual = state.TargetEncoder.Columns[c];
            Assert.Equal(expected.Column, actual.Column);
            Assert.Equal(expected.UnknownValue, actual.UnknownValue);
            Assert.Equal(expected.Mapping.Count, actual.Mapping.Count);
            foreach (var (category, value) in expected.Mapping)
            {
                Assert.True(actual.Mapping.TryGetValue(category, out var fitted), $"{expected.Column}: '{category}' not fitted");
                Assert.True(value == fitted, $"{expected.Column} '{category}': expected {value:R}, got {fitted:R}");
            }
        }
    }

    [SharedDataFact]
    public void Fit_OriginalTrainingSplit_MediansAreTrainMediansOfNonMissingValues()
    {
        var train = s_trainRecords.Select(r => OriginalFixtures.Leads[r - 1]).ToArray();

        var medians = new FeaturePipeline().Fit(train).Medians;

        // pandas 1.5.3: Xtr.median(numeric_only=True) on the same split (NaN skipped). companyfoundedon is 2013,
        // not the original's 2016.5, which it took from the full data set before the split.
        Assert.Equal(new NumericMedians(new Dictionary<string, double>
        {
            ["llm_quality"] = 70.0, ["llm_engagement"] = 0.55, ["llm_decision_maker"] = 0.5, ["llm_company_fit"] = 1.0,
            ["companyfoundedon"] = 2013.0,
        }), medians);
    }

    [Fact]
    public void Fit_TinySample_FollowsCategoryEncodersFormula()
    {
        RawLead Lead(string? industry, int engaged) => new() { LlmIndustry = industry, Engaged = engaged };
        var leads = new[] { Lead("a", 1), Lead("a", 0), Lead("a", 1), Lead("b", 0), Lead(null, 1) };

        var state = new FeaturePipeline(new FeaturePipelineOptions { Smoothing = 1.0, MinSamplesLeaf = 2 }).Fit(leads);

        var column = state.TargetEncoder.Columns[0];
        // python3: from scipy.special import expit; prior = 3/5
        //   prior*(1-expit((3-2)/1.0)) + (2/3)*expit((3-2)/1.0)  -> 0.6487372385753336
        //   prior*(1-expit((1-2)/1.0)) + 0.0*expit((1-2)/1.0)    -> 0.43863514717800295
        //   prior*(1-expit((1-2)/1.0)) + 1.0*expit((1-2)/1.0)    -> 0.707576568547998
        Assert.Equal(0.6, state.TargetEncoder.Prior);
        Assert.Equal(0.6487372385753336, column.Mapping["a"]);
        Assert.Equal(0.43863514717800295, column.Mapping["b"]);
        Assert.Equal(0.707576568547998, column.Mapping[FeatureSchema.UnknownCategory]);
        Assert.Equal(new Dictionary<string, int> { ["UNKNOWN"] = 1, ["a"] = 3, ["b"] = 1 }, column.Counts);
        Assert.Equal(0.6, state.Transform(new RawLead { LlmIndustry = "never seen" })[FeatureSchema.IndexOf("llm_industry")]);
    }

    [Fact]
    public void Fit_LeadWithoutLabel_Throws()
    {
        var leads = new[] { new RawLead { Engaged = 1 }, new RawLead() };

        var error = Assert.Throws<ArgumentException>(() => new FeaturePipeline().Fit(leads));

        Assert.Contains("Lead 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new double[] { 3, 1, 2 }, 2.0)]
    [InlineData(new double[] { 2016, 1200, 2017, 2025 }, 2016.5)]
    [InlineData(new double[] { double.NaN, 5 }, 5.0)]
    [InlineData(new double[0], 0.0)]
    public void MedianOf_Values_MatchesNumpyNanMedian(double[] values, double expected)
    {
        Assert.Equal(expected, NumericMedians.MedianOf(values.Select(v => (double?)v).Append(null)));
    }

    [SharedDataFact]
    public void SaveLoad_FittedState_RoundTripsExactly()
    {
        var state = new FeaturePipeline().Fit(OriginalFixtures.Leads);
        var path = Path.Combine(Path.GetTempPath(), $"state-{Guid.NewGuid():N}.json");
        try
        {
            state.Save(path);
            var loaded = FeaturePipelineState.Load(path);

            Assert.Equal(state.ToJson(), loaded.ToJson());
            Assert.Equal(state.TransformBatch(OriginalFixtures.Leads), loaded.TransformBatch(OriginalFixtures.Leads));
            Assert.Equal(303, loaded.TrainingRowCount);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromJson_FeatureNamesOutOfOrder_IsRejected()
    {
        var state = new FeaturePipeline().Fit([new RawLead { Engaged = 1 }]);
        var json = state.ToJson().Replace("\"llm_engagement\",", "", StringComparison.Ordinal)
            .Replace("\"llm_quality\",", "\"llm_quality\",\"llm_engagement\",\"x\",", StringComparison.Ordinal);

        Assert.Throws<InvalidDataException>(() => FeaturePipelineState.FromJson(json));
    }

    [Fact]
    public void FromJson_NotJson_IsRejectedWithInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => FeaturePipelineState.FromJson("{ not json"));
    }

    [Fact]
    public void Transform_NaNNumeric_IsImputedButInfinityPassesThrough()
    {
        var state = new FeaturePipeline().Fit([new RawLead { Engaged = 1, CompanyFoundedOn = 2000, LlmEngagement = 0.3 }]);

        var features = state.Transform(new RawLead { CompanyFoundedOn = double.PositiveInfinity, LlmEngagement = double.NaN });

        Assert.Equal(double.PositiveInfinity, features[FeatureSchema.IndexOf("companyfoundedon")]);
        Assert.Equal(0.3, features[FeatureSchema.IndexOf("llm_engagement")]);
    }
}
