using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers.FastTree;

namespace LeadScoring.Engine.Training.Onnx;

/// <summary>
/// Exports an ML.NET FastTree binary classifier with its Platt calibrator to ONNX (Microsoft.ML.OnnxConverter is
/// not available here). ML.NET sends x ≤ threshold left and NaN right (NaN ≤ t is false); ONNX Runtime's
/// BRANCH_LEQ does the same with missing-value tracking off, so decisions match row for row.
/// </summary>
public static class FastTreeOnnxExporter
{
    /// <summary>Serialized ONNX model; see <see cref="TreeEnsembleOnnxWriter"/> for the graph.</summary>
    public static byte[] Export(CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> model,
        OnnxExportInfo info)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(info);
        return TreeEnsembleOnnxWriter.Write(ToSpec(model, info.FeatureColumns.Count), info);
    }

    internal static TreeEnsembleSpec ToSpec(
        CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> model, int featureCount)
    {
        var ensemble = model.SubModel.TrainedTreeEnsemble;
        var trees = new List<RegressionTreeSpec>(ensemble.Trees.Count);
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            if (tree.CategoricalSplitFlags.Any(flag => flag))
            {
                throw new NotSupportedException($"Tree {t} has a categorical split; only numeric splits export.");
            }
            trees.Add(new RegressionTreeSpec(
                [.. tree.NumericalSplitFeatureIndexes],
                [.. tree.NumericalSplitThresholds],
                [.. tree.LeftChild],
                [.. tree.RightChild],
                [.. tree.LeafValues],
                ensemble.TreeWeights[t]));
        }
        return new TreeEnsembleSpec(featureCount, trees, ensemble.Bias, model.Calibrator.Slope, model.Calibrator.Offset);
    }
}
