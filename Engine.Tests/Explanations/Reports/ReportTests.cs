using LeadScoring.Engine.Features;
using LeadScoring.Engine.Explanations;
using LeadScoring.Engine.Tests.Explanations.Infrastructure;

using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.Explanations.Reports;

/// <summary>Grouping into raw columns, percentage points, global importance and score-shift attribution.</summary>
public sealed class ReportTests
{
    private static readonly Lazy<(Explainer Explainer, FeatureRows Reference)> s_trained = new(() =>
    {
        var reference = TestData.Rows(TestData.Reference());
        return (Explainer.Create(OnnxTreeEnsembleReader.Read(TestData.TrainedModel.OnnxModel),
            BackgroundSample.Draw(reference)), reference);
    });

    [Fact]
    public void RawColumns_GroupThe47FeaturesInto19LeadColumns()
    {
        var grouping = FeatureGrouping.RawColumns;

        Assert.Equal(47, grouping.FeatureNames.Count);
        Assert.Equal(
        [
            "llm_quality", "llm_engagement", "llm_decision_maker", "llm_industry", "llm_company_fit", "industry",
            "companyindustry", "languages", "location", "companylocation", "companyfoundedon", "summary", "skills",
            "jobtitle", "llm_seniority", "llm_geography", "llm_business_type", "companysize", "companytype",
        ], grouping.GroupNames);
        Assert.Equal(["has_summary", "summary_length"], Names(grouping, "summary"));
        Assert.Equal(["has_skills", "skills_count"], Names(grouping, "skills"));
        Assert.Equal(["has_jobtitle", "jobtitle_length", "is_founder", "is_director", "is_manager", "is_sales",
            "is_marketing", "is_tech_role"], Names(grouping, "jobtitle"));
        Assert.Equal(7, Names(grouping, "companysize").Length);
        Assert.Equal(8, Names(grouping, "companytype").Length);
        Assert.Equal(["industry"], Names(grouping, "industry"));
    }

    [Fact]
    public void LeadExplanation_RawColumnsSumTheirFeaturesAndPointsAddUpToTheScoreChange()
    {
        var (explainer, reference) = s_trained.Value;
        var grouping = FeatureGrouping.RawColumns;
        for (var r = 0; r < 200; r += 7)
        {
            var lead = LeadExplanation.Create(explainer.Explain(reference.Row(r)), grouping);

            for (var g = 0; g < grouping.GroupNames.Count; g++)
            {
                var members = grouping.Members(g).Sum(j => lead.Features[j].Phi);
                Assert.Equal(members, lead.RawColumns[g].Phi, 12);
            }
            Assert.Equal(lead.Margin - lead.BaseValue, lead.RawColumns.Sum(c => c.Phi), 9);
            var expectedPoints = 100 * (lead.Score - lead.BaseScore);
            Assert.Equal(expectedPoints, lead.Features.Sum(c => c.PercentagePoints), 9);
            Assert.Equal(expectedPoints, lead.RawColumns.Sum(c => c.PercentagePoints), 9);
            Assert.All(lead.Features, c => Assert.True(c.Phi * c.PercentagePoints >= 0, $"{c.Name} changes sign"));
            var sorted = LeadExplanation.ByMagnitude(lead.RawColumns, top: 5);
            Assert.Equal(5, sorted.Count);
            Assert.Equal(lead.RawColumns.Max(c => Math.Abs(c.Phi)), Math.Abs(sorted[0].Phi));
            Assert.True(sorted.Zip(sorted.Skip(1)).All(p => Math.Abs(p.First.Phi) >= Math.Abs(p.Second.Phi)));
        }
    }

    [Fact]
    public void PercentagePoints_HandComputedRow_SplitsTheScoreChangeProportionally()
    {
        // base 0, φ = (1, −0.5, 0.5): Σ = 1, σ(1) − σ(0) = 0.2310585786300049 → 23.10585786300049 points per unit.
        var points = PercentagePoints.Split(0, [1, -0.5, 0.5]);

        Assert.Equal(23.10585786300049, points[0], 12);
        Assert.Equal(-11.552928931500245, points[1], 12);
        Assert.Equal(11.552928931500245, points[2], 12);
        // Σφ = 0: the limit, slope σ'(base) = 0.25 at base 0 → 25 points per unit, summing to 0.
        Assert.Equal([25.0, -25.0], PercentagePoints.Split(0, [1, -1]));
    }

    [Fact]
    public void GlobalImportance_IsTheMeanAbsoluteValuePerFeatureAndColumn()
    {
        var (explainer, reference) = s_trained.Value;
        var rows = BackgroundSample.Draw(reference, 500, seed: 9);
        var batch = explainer.ExplainMany(rows);
        var grouping = FeatureGrouping.RawColumns;

        var importance = GlobalImportance.Compute(batch, grouping);

        Assert.Equal(500, importance.RowCount);
        var quality = FeatureSchema.IndexOf("llm_quality");
        var expected = Enumerable.Range(0, 500).Average(r => Math.Abs(batch.PhiOf(r)[quality]));
        Assert.Equal(expected, importance.Features.Single(e => e.Name == "llm_quality").MeanAbsPhi, 12);
        var jobtitle = Enumerable.Range(0, 500).Average(r => Math.Abs(grouping.Sum(batch.PhiOf(r))[grouping.GroupNames.ToList().IndexOf("jobtitle")]));
        Assert.Equal(jobtitle, importance.RawColumns.Single(e => e.Name == "jobtitle").MeanAbsPhi, 12);
        Assert.True(importance.Features.Zip(importance.Features.Skip(1)).All(p => p.First.MeanAbsPhi >= p.Second.MeanAbsPhi));
        Assert.Equal(19, importance.RawColumns.Count);
        // Features no tree splits on have importance exactly 0.
        var ensemble = explainer.Ensemble;
        Assert.All(importance.Features.Where(e => !ensemble.SplitFeatures.Contains(FeatureSchema.IndexOf(e.Name))),
            e => Assert.Equal(0.0, e.MeanAbsPhi));
    }

    [Theory]
    [InlineData("no_drift_baseline")]
    [InlineData("drift_sector_shift")]
    [InlineData("drift_seniority_shift")]
    [InlineData("drift_geography_shift")]
    [InlineData("drift_quality_degradation")]
    public void ScoreShift_ScenarioAgainstReference_TermsAddUpToTheMeanMarginShift(string scenario)
    {
        var (explainer, reference) = s_trained.Value;
        var current = TestData.Rows(TestData.Scenario(scenario));

        var shift = ScoreShiftAttribution.Compute(explainer, current, reference, FeatureGrouping.RawColumns);

        Assert.Equal(1_000, shift.CurrentSampleSize);
        Assert.Equal(5_000, shift.ReferenceSampleSize);
        var meanCurrent = Enumerable.Range(0, current.Count).Average(r => explainer.Ensemble.Margin(current.Row(r)));
        var meanReference = Enumerable.Range(0, reference.Count).Average(r => explainer.Ensemble.Margin(reference.Row(r)));
        Assert.Equal(meanCurrent - meanReference, shift.MarginShift, 9);
        Assert.Equal(shift.MarginShift, shift.Features.Sum(t => t.MarginShift), 9);
        Assert.Equal(shift.MarginShift, shift.RawColumns.Sum(t => t.MarginShift), 9);
        var scoreCurrent = Enumerable.Range(0, current.Count).Average(r => explainer.Ensemble.Score(current.Row(r)));
        var scoreReference = Enumerable.Range(0, reference.Count).Average(r => explainer.Ensemble.Score(reference.Row(r)));
        Assert.Equal(100 * (scoreCurrent - scoreReference), shift.ScoreShiftPercentagePoints, 9);
    }

    [Fact]
    public void ScoreShift_SectorShift_IsAttributedToTheShiftedColumns()
    {
        var (explainer, reference) = s_trained.Value;
        var shift = ScoreShiftAttribution.Compute(explainer, TestData.Rows(TestData.Scenario("drift_sector_shift")),
            reference, FeatureGrouping.RawColumns);

        // The scenario moves llm_industry, industry and companyindustry; untouched columns explain little.
        var moved = shift.RawColumns.Where(t => t.Name is "llm_industry" or "industry" or "companyindustry")
            .Sum(t => Math.Abs(t.MarginShift));
        Assert.True(moved >= 0.5 * shift.RawColumns.Sum(t => Math.Abs(t.MarginShift)),
            string.Join(", ", shift.RawColumns.Take(6).Select(t => $"{t.Name} {t.MarginShift:F4}")));
    }

    [Fact]
    public void ScoreShift_MoreRowsThanTheLimit_SamplesAndReportsTheSampleSize()
    {
        var (explainer, reference) = s_trained.Value;
        var options = new ScoreShiftOptions { MaxRows = 700, Seed = 5 };

        var shift = ScoreShiftAttribution.Compute(explainer, TestData.Rows(TestData.Scenario("drift_quality_degradation")),
            reference, FeatureGrouping.RawColumns, options);

        Assert.Equal(1_000, shift.CurrentRows);
        Assert.Equal(700, shift.CurrentSampleSize);
        Assert.Equal(5_000, shift.ReferenceRows);
        Assert.Equal(700, shift.ReferenceSampleSize);
        Assert.Equal(shift.MarginShift, shift.Features.Sum(t => t.MarginShift), 9);
        var sample = BackgroundSample.Draw(TestData.Rows(TestData.Scenario("drift_quality_degradation")), 700, 5);
        var mean = Enumerable.Range(0, sample.Count).Average(r => explainer.Ensemble.Margin(sample.Row(r)));
        Assert.Equal(mean, shift.MeanMarginCurrent, 9);
    }

    [SharedDataFact]
    public void ScoreShift_OriginalModelScenarioAgainstReference_TermsAddUpToTheMeanMarginShift()
    {
        var reference = TestData.Rows(TestData.Reference());
        var explainer = Explainer.Create(OnnxTreeEnsembleReader.Read(TestData.OriginalModel()), BackgroundSample.Draw(reference));
        foreach (var scenario in TestData.Scenarios)
        {
            var shift = ScoreShiftAttribution.Compute(explainer, TestData.Rows(TestData.Scenario(scenario)), reference,
                FeatureGrouping.RawColumns);
            Assert.Equal(shift.MarginShift, shift.Features.Sum(t => t.MarginShift), 9);
            Assert.Equal(shift.MarginShift, shift.RawColumns.Sum(t => t.MarginShift), 9);
        }
    }

    private static string[] Names(FeatureGrouping grouping, string group) =>
        [.. grouping.Members(grouping.GroupNames.ToList().IndexOf(group)).Select(j => grouping.FeatureNames[j])];
}
