using LeadScoring.Engine.DemoData;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.DemoData;

public sealed class DemoDataGeneratorTests
{
    [Fact]
    public void WriteAll_Regenerated_IsByteIdenticalToCommittedData()
    {
        var temp = Path.Combine(Path.GetTempPath(), $"demo-{Guid.NewGuid():N}");
        try
        {
            var files = DemoDataGenerator.WriteAll(temp);

            Assert.Equal(13, files.Count);
            foreach (var file in files)
            {
                var committed = Path.Combine(TestPaths.DataDirectory, file);
                Assert.True(File.Exists(committed), $"data/{file} is missing; run generate-demo-data");
                Assert.True(File.ReadAllBytes(committed).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(temp, file))),
                    $"data/{file} differs from a fresh generation; regenerate with: dotnet run --project Cli -- generate-demo-data --output data");
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public void CommittedData_ReadsBackWithoutIssuesInBothSchemas()
    {
        var raw = LeadCsvReader.ReadFile(Path.Combine(TestPaths.DataDirectory, DemoDataGenerator.ReferenceFile));
        var processed = LeadCsvReader.ReadFile(Path.Combine(TestPaths.DataDirectory, DemoDataGenerator.ReferenceProcessedFile));
        var state = FeaturePipelineState.Load(Path.Combine(TestPaths.DataDirectory, DemoDataGenerator.StateFile));

        Assert.True(raw.Succeeded && processed.Succeeded);
        Assert.Equal(0, raw.WarningCount + processed.WarningCount);
        Assert.Equal(LeadBatchSchema.Raw, raw.Schema);
        Assert.Equal(LeadBatchSchema.Processed, processed.Schema);
        Assert.Equal(5_000, raw.RowCount);
        Assert.Equal(state.TransformBatch(raw.RawRows), processed.ProcessedRowMajor());
        Assert.Equal(raw.Labels, processed.Labels);
    }

    [Fact]
    public void GenerateReference_FollowsRealMarginals()
    {
        var leads = DemoDataGenerator.GenerateReference();
        double Share(Func<LeadScoring.Engine.Domain.RawLead, bool> predicate) => leads.Count(predicate) / (double)leads.Count;

        // Real data (spec §1.2): 39.9 % engaged, Entry 43.6 %, international_hub 66.7 %, summary missing 27.1 %,
        // companysize missing 43.9 %, companytype missing 33.3 %.
        Assert.InRange(Share(l => l.Engaged == 1), 0.37, 0.43);
        Assert.InRange(Share(l => l.LlmSeniority == "Entry"), 0.40, 0.47);
        Assert.InRange(Share(l => l.LlmGeography == "international_hub"), 0.63, 0.70);
        Assert.InRange(Share(l => l.Summary is null), 0.25, 0.30);
        Assert.InRange(Share(l => l.CompanySize is null), 0.40, 0.48);
        Assert.InRange(Share(l => l.CompanyType is null), 0.30, 0.37);
        Assert.All(leads, l => Assert.InRange(l.LlmQuality!.Value, 10, 95));
    }

    [Fact]
    public void Scenarios_ShiftTheirColumns()
    {
        var reference = DemoDataGenerator.GenerateReference();
        var seniority = DemoDataGenerator.GenerateScenario(DemoScenario.DriftSeniorityShift);
        var geography = DemoDataGenerator.GenerateScenario(DemoScenario.DriftGeographyShift);
        var quality = DemoDataGenerator.GenerateScenario(DemoScenario.DriftQualityDegradation);

        Assert.Contains(seniority, l => l.LlmSeniority == "C-Level");
        Assert.True(seniority.Count(l => l.LlmSeniority == "Entry") < 0.2 * seniority.Count);
        Assert.True(geography.Count(l => l.LlmGeography == "international_hub") < 0.25 * geography.Count);
        Assert.True(quality.Average(l => l.LlmQuality!.Value) < reference.Average(l => l.LlmQuality!.Value) - 15);
        Assert.True(quality.Count(l => l.Summary is null) > 0.5 * quality.Count);
    }

    [Fact]
    public void DemoRandom_SameSeed_GivesSameStreamAndDifferentSeedsDiffer()
    {
        var a = new DemoRandom(7);
        var b = new DemoRandom(7);
        var c = new DemoRandom(8);
        var first = Enumerable.Range(0, 5).Select(_ => a.NextUInt64()).ToArray();

        Assert.Equal(first, Enumerable.Range(0, 5).Select(_ => b.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 5).Select(_ => c.NextUInt64()));
        Assert.All(Enumerable.Range(0, 1000).Select(_ => a.NextInt(3, 5)), x => Assert.InRange(x, 3, 5));
    }
}
