using LeadScoring.Engine.Features;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Tests.Infrastructure;
using Microsoft.ML.OnnxRuntime;

namespace LeadScoring.Engine.Tests.Scoring;

/// <summary>
/// The inspector on the committed fixtures of scripts/fixtures/make_hostile_models.py (Engine.Tests/TestData/HostileModels):
/// each hostile model is refused with a message naming what, the genuine ones pass.
/// </summary>
public sealed class OnnxModelInspectorTests
{
    public static string Fixture(string name) => Path.Combine(TestPaths.RepositoryRoot, "Engine.Tests", "TestData", "HostileModels", name);

    public static byte[] FixtureBytes(string name) => File.ReadAllBytes(Fixture(name));

    public static TheoryData<string, string> HostileModels() => new()
    {
        { "external_data_appsettings.onnx", "initializer 'W' keeps its data in an external file ('appsettings.json')" },
        { "external_data_in_subgraph.onnx", "attribute 'value' tensor 'b' keeps its data in an external file ('appsettings.json')" },
        { "custom_domain_op.onnx", "uses operator 'Exfiltrate' of domain 'com.attacker'; only the ai.onnx and ai.onnx.ml domains are accepted" },
        { "wrong_input_shape.onnx", "its input 'input' is [N, 12]; a lead-scoring model takes one float input [N, 47]" },
    };

    [Theory]
    [MemberData(nameof(HostileModels))]
    public void Check_HostileModel_IsRefusedNamingWhat(string file, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => OnnxModelInspector.Check(FixtureBytes(file), FeatureSchema.Count));

        Assert.StartsWith("Model refused: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_GenuineLogisticModel_Passes_AndOnnxRuntimeScoresIt()
    {
        var onnx = FixtureBytes("genuine_logistic.onnx");

        OnnxModelInspector.Check(onnx, FeatureSchema.Count);

        using var scorer = OnnxScorer.FromBytes(onnx);
        Assert.Equal(FeatureSchema.Count, scorer.FeatureCount);
    }

    [SharedDataFact]
    public void Check_OriginalSystemsModel_Passes() =>
        OnnxModelInspector.Check(File.ReadAllBytes(OriginalFixtures.ModelPath), FeatureSchema.Count);

    [Theory]
    [InlineData(1, 10_000, "it has more than 1 nodes (ModelImport:MaxNodes)")]
    [InlineData(10_000, 100, "accepted are 1 to 100 (ModelImport:MaxBytes)")]
    public void Check_OverALimit_IsRefusedNamingTheSetting(int maxNodes, long maxBytes, string expected)
    {
        var limits = new OnnxModelLimits { MaxNodes = maxNodes, MaxBytes = maxBytes };

        var ex = Assert.Throws<InvalidDataException>(() => OnnxModelInspector.Check(FixtureBytes("genuine_logistic.onnx"), FeatureSchema.Count, limits));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SubgraphsNestedTooDeep_AreRefused()
    {
        var ex = Assert.Throws<InvalidDataException>(() => OnnxModelInspector.Check(FixtureBytes("external_data_in_subgraph.onnx"), FeatureSchema.Count,
            new OnnxModelLimits { MaxSubgraphDepth = 0 }));

        Assert.Contains("ModelImport:MaxSubgraphDepth", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4 })]
    [InlineData(new byte[] { 0x3A, 0xFF, 0xFF, 0xFF, 0x0F })] // graph field claiming 4 GB
    public void Check_Garbage_IsRefusedAsUnreadable(byte[] bytes)
    {
        var ex = Assert.Throws<InvalidDataException>(() => OnnxModelInspector.Check(bytes, FeatureSchema.Count));

        Assert.Equal("Model refused: it is not a readable ONNX (protobuf) file.", ex.Message);
    }

    /// <summary>
    /// Defence in depth: even a model that slipped past the inspector cannot read a file from the working folder,
    /// since the session's external-data folder is an empty one (without it, ONNX Runtime loads this model by
    /// reading ./appsettings.json as the weights).
    /// </summary>
    [Fact]
    public void OnnxRuntime_ExternalDataModel_DoesNotReadTheWorkingFolder()
    {
        var planted = Path.Combine(Environment.CurrentDirectory, "appsettings.json");
        var plantedHere = !File.Exists(planted);
        if (plantedHere)
        {
            File.WriteAllText(planted, "{ \"Storage\": { \"ConnectionString\": \"" + new string('s', 400) + "\" } }");
        }
        try
        {
            Assert.ThrowsAny<OnnxRuntimeException>(() => OnnxScorer.FromBytes(FixtureBytes("external_data_appsettings.onnx")).Dispose());
        }
        finally
        {
            if (plantedHere)
            {
                File.Delete(planted);
            }
        }
    }
}
