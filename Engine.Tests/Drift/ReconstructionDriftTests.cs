using System.Globalization;
using System.Text.Json;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.Drift;

/// <summary>Literals from reconstruction_expected.py (scikit-learn 1.2.1: SimpleImputer, StandardScaler, PCA(0.65)).</summary>
public sealed class ReconstructionDriftTests
{
    private static double[] Load(string name) =>
    [
        .. File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "Engine.Tests", "Drift", "Fixtures", name))
            .SelectMany(l => l.Split(',')).Select(v => double.Parse(v, CultureInfo.InvariantCulture)),
    ];

    [Fact]
    public void Fit_Fixture_EqualsScikitLearn()
    {
        var drift = ReconstructionDrift.Fit(Load("reconstruction_reference.csv"), 6);

        Assert.Equal(2, drift.ComponentCount);
        double[] expected = [0.9591835923871344, 0.863579362764581, 0.8103624662079463, 0.7862751977568322, 0.7530278102538384,
            0.8753596405376776, 0.95875326074704, 0.9159202134926204, 0.9069988970970926, 0.6878381773182455];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], drift.ReferenceChunkValues[i], 1e-9);
        }
        Assert.Equal(1.1088778336703586, drift.UpperThreshold, 1e-9);
        Assert.Equal(0.5945818900422433, drift.LowerThreshold!.Value, 1e-9);
    }

    [Fact]
    public void Evaluate_BrokenCorrelation_EqualsScikitLearnAndAlerts()
    {
        var drift = ReconstructionDrift.Fit(Load("reconstruction_reference.csv"), 6);

        var result = drift.Evaluate(Load("reconstruction_current.csv"));

        Assert.Equal(1.2569977730759405, result.Value, 1e-9);
        Assert.Equal(0.04464998058840219, result.SamplingError, 1e-9);
        Assert.True(result.Alert);
    }

    [Fact]
    public void State_RoundTripsThroughJson()
    {
        var drift = ReconstructionDrift.Fit(Load("reconstruction_reference.csv"), 6);

        var back = JsonSerializer.Deserialize<ReconstructionDrift>(JsonSerializer.Serialize(drift))!;

        Assert.Equal(drift.Evaluate(Load("reconstruction_current.csv")), back.Evaluate(Load("reconstruction_current.csv")));
    }

    [Fact]
    public void Leads_SwappedCorrelation_ColumnsQuietButReconstructionAlerts()
    {
        // The demo reference's processed features; "current" = the same rows with companyindustry handed out in reverse
        // order of companytype_UNKNOWN (correlation 0.95 in the reference, strongly negative now): every column keeps
        // exactly its values, so every marginal distribution is unchanged; only the two columns' correlation is swapped.
        // scikit-learn on the same data (as reconstruction_expected.py computes it): 21 components, upper
        // threshold 3.9629, current error 4.1229.
        var reference = LeadCsvReader.ReadFile(Path.Combine(TestPaths.DataDirectory, "reference_leads.processed.csv")).ProcessedRowMajor();
        var rows = reference.Length / FeatureSchema.Count;
        var current = (double[])reference.Clone();
        int flag = FeatureSchema.IndexOf("companytype_UNKNOWN"), count = FeatureSchema.IndexOf("companyindustry");
        var byFlag = Enumerable.Range(0, rows).OrderBy(r => reference[r * FeatureSchema.Count + flag]).ThenBy(r => r).ToArray();
        var countsHighFirst = Enumerable.Range(0, rows).Select(r => reference[r * FeatureSchema.Count + count]).OrderByDescending(v => v).ToArray();
        for (var k = 0; k < rows; k++)
        {
            current[byFlag[k] * FeatureSchema.Count + count] = countsHighFirst[k];
        }

        var perColumn = DriftDetector.Run(LeadDriftData.FromFeatures(reference), LeadDriftData.FromFeatures(current));
        var multivariate = ReconstructionDrift.Fit(reference, FeatureSchema.Count).Evaluate(current);

        Assert.Equal(0, perColumn.DriftedColumns);
        Assert.True(multivariate.Alert, $"reconstruction error {multivariate.Value} vs upper {multivariate.UpperThreshold}");
    }
}
