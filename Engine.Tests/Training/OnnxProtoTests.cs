using LeadScoring.Engine.Training.Onnx.Proto;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.Training;

public sealed class OnnxProtoTests
{
    // Reading the original onnxmltools model with our minimal onnx.proto checks its field numbers against a file
    // written by the official protobuf definitions (data/original/README.md describes the expected content).
    [SharedDataFact]
    public void Parse_OriginalModel_ReadsOfficialFields()
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(TestPaths.Shared("data", "original", "model.onnx")));

        Assert.Equal(8, model.IrVersion);
        Assert.Contains(model.OpsetImport, o => o.Domain == "ai.onnx.ml" && o.Version == 1);
        Assert.Contains(model.OpsetImport, o => o.Domain is "" or "ai.onnx" && o.Version == 15);
        var trees = Assert.Single(model.Graph.Node, n => n.OpType == "TreeEnsembleClassifier");
        Assert.Equal("ai.onnx.ml", trees.Domain);
        Assert.Equal(561, trees.Attribute.Single(a => a.Name == "nodes_nodeids").Ints.Count);
        Assert.Equal(255, trees.Attribute.Single(a => a.Name == "nodes_treeids").Ints.Distinct().Count());
        Assert.Equal(0.5036004185676575f, trees.Attribute.Single(a => a.Name == "base_values").Floats.Single());
        Assert.Equal("LOGISTIC", trees.Attribute.Single(a => a.Name == "post_transform").S.ToStringUtf8());
        Assert.Equal("input", model.Graph.Input.Single().Name);
        Assert.Equal(47, model.Graph.Input.Single().Type.TensorType.Shape.Dim[1].DimValue);
        Assert.Equal(["label", "probabilities"], model.Graph.Output.Select(o => o.Name));
        Assert.Equal("255", model.MetadataProps.Single(p => p.Key == "n_trees").Value);
    }
}
