using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Training.Onnx.Proto;
using static LeadScoring.Engine.Training.Onnx.OnnxProtoFactory;

namespace LeadScoring.Engine.Training.Onnx;

/// <summary>What the exported model says about itself (stored in metadata_props).</summary>
/// <param name="FeatureColumns">Input feature names in order (JSON array under "feature_columns").</param>
/// <param name="Threshold">Decision threshold (under "threshold").</param>
/// <param name="ModelVersion">Version label (under "model_version").</param>
/// <param name="Description">Free text for the model's doc_string.</param>
public sealed record OnnxExportInfo(
    IReadOnlyList<string> FeatureColumns, double Threshold, string ModelVersion, string Description = "");

/// <summary>
/// Writes a calibrated tree ensemble as ONNX: ai.onnx.ml TreeEnsembleRegressor (BRANCH_LEQ, SUM) giving the raw
/// score s, then Mul(−slope), Add(−offset), Sigmoid, so probability = 1 / (1 + exp(slope·s + offset)).
/// Input "input" float [N, F]; output "probability" float [N, 1]. IR 8, opsets: default 15, ai.onnx.ml 3.
/// </summary>
internal static class TreeEnsembleOnnxWriter
{
    public const string InputName = "input";
    public const string OutputName = "probability";

    public static byte[] Write(TreeEnsembleSpec spec, OnnxExportInfo info)
    {
        if (info.FeatureColumns.Count != spec.FeatureCount)
        {
            throw new ArgumentException(
                $"{info.FeatureColumns.Count} feature names for a {spec.FeatureCount}-feature model.", nameof(info));
        }
        var graph = new GraphProto { Name = "lead_scoring_trees" };
        graph.Input.Add(FloatTensor(InputName, null, spec.FeatureCount));
        graph.Output.Add(FloatTensor(OutputName, null, 1));
        graph.Initializer.Add(Scalar("neg_slope", (float)-spec.PlattSlope));
        graph.Initializer.Add(Scalar("neg_offset", (float)-spec.PlattOffset));
        graph.Node.Add(TreeEnsembleNode(spec));
        graph.Node.Add(Node("Mul", "calibrate_scale", ["raw_score", "neg_slope"], ["scaled_score"]));
        graph.Node.Add(Node("Add", "calibrate_shift", ["scaled_score", "neg_offset"], ["logit"]));
        graph.Node.Add(Node("Sigmoid", "calibrate_sigmoid", ["logit"], [OutputName]));

        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "LeadScoring.Core",
            ProducerVersion = typeof(TreeEnsembleOnnxWriter).Assembly.GetName().Version?.ToString() ?? "1.0",
            Domain = "leadscoring",
            DocString = info.Description,
            Graph = graph,
        };
        model.OpsetImport.Add(Opset("", 15));
        model.OpsetImport.Add(Opset(MlDomain, 3));
        model.MetadataProps.Add(Metadata(ScoringModel.FeatureColumnsKey, JsonSerializer.Serialize(info.FeatureColumns)));
        model.MetadataProps.Add(Metadata(ScoringModel.ThresholdKey, info.Threshold.ToString("R", CultureInfo.InvariantCulture)));
        model.MetadataProps.Add(Metadata(ScoringModel.ModelVersionKey, info.ModelVersion));
        model.MetadataProps.Add(Metadata("n_trees", spec.Trees.Count.ToString(CultureInfo.InvariantCulture)));
        return model.ToByteArray();
    }

    private static NodeProto TreeEnsembleNode(TreeEnsembleSpec spec)
    {
        var treeIds = new List<long>();
        var nodeIds = new List<long>();
        var featureIds = new List<long>();
        var values = new List<float>();
        var modes = new List<string>();
        var trueIds = new List<long>();
        var falseIds = new List<long>();
        var targetTreeIds = new List<long>();
        var targetNodeIds = new List<long>();
        var targetWeights = new List<float>();

        for (var t = 0; t < spec.Trees.Count; t++)
        {
            var tree = spec.Trees[t];
            var k = tree.InternalNodeCount;
            // Internal node i keeps id i; leaf j gets id k + j.
            long Id(int child) => child >= 0 ? child : k + ~child;
            for (var i = 0; i < k; i++)
            {
                if ((uint)tree.SplitFeatures[i] >= (uint)spec.FeatureCount)
                {
                    throw new InvalidDataException($"Tree {t} node {i} splits on feature {tree.SplitFeatures[i]}.");
                }
                treeIds.Add(t);
                nodeIds.Add(i);
                featureIds.Add(tree.SplitFeatures[i]);
                values.Add(tree.Thresholds[i]);
                modes.Add("BRANCH_LEQ");
                trueIds.Add(Id(tree.LteChild[i]));
                falseIds.Add(Id(tree.GtChild[i]));
            }
            for (var j = 0; j < tree.LeafValues.Length; j++)
            {
                treeIds.Add(t);
                nodeIds.Add(k + j);
                featureIds.Add(0);
                values.Add(0);
                modes.Add("LEAF");
                trueIds.Add(0);
                falseIds.Add(0);
                targetTreeIds.Add(t);
                targetNodeIds.Add(k + j);
                targetWeights.Add((float)(tree.Weight * tree.LeafValues[j]));
            }
        }

        return Node("TreeEnsembleRegressor", "trees", [InputName], ["raw_score"], MlDomain,
            Attribute("aggregate_function", "SUM"),
            Attribute("base_values", [(float)spec.Bias]),
            Attribute("n_targets", 1L),
            Attribute("nodes_treeids", treeIds),
            Attribute("nodes_nodeids", nodeIds),
            Attribute("nodes_featureids", featureIds),
            Attribute("nodes_values", values),
            Attribute("nodes_modes", modes),
            Attribute("nodes_truenodeids", trueIds),
            Attribute("nodes_falsenodeids", falseIds),
            Attribute("post_transform", "NONE"),
            Attribute("target_ids", targetTreeIds.Select(_ => 0L)),
            Attribute("target_nodeids", targetNodeIds),
            Attribute("target_treeids", targetTreeIds),
            Attribute("target_weights", targetWeights));
    }
}
