using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace LeadScoring.Engine.Training;

/// <summary>A fitted ML.NET FastTree binary model and the plumbing to feed it row-major doubles.</summary>
internal sealed class MlNetBinaryModel
{
    private readonly MLContext _context;
    private readonly ITransformer _transformer;
    private readonly int _featureCount;

    private MlNetBinaryModel(MLContext context,
        BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> transformer,
        int featureCount)
    {
        _context = context;
        _transformer = transformer;
        _featureCount = featureCount;
        Parameters = transformer.Model;
    }

    public CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> Parameters { get; }

    public static MlNetBinaryModel Fit(ReadOnlySpan<double> features, IReadOnlyList<int> labels, IReadOnlyList<int> rows,
        int featureCount, double positiveWeight, LeadModelTrainerOptions options)
    {
        var context = new MLContext(options.Seed);
        var data = Load(context, features, labels, rows, featureCount, positiveWeight);
        var trainer = context.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            ExampleWeightColumnName = nameof(Row.Weight),
            NumberOfTrees = options.NumberOfTrees,
            NumberOfLeaves = options.NumberOfLeaves,
            MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf,
            LearningRate = options.LearningRate,
            Seed = options.Seed,
            NumberOfThreads = options.NumberOfThreads,
            // Categorical splits have no ONNX mapping in our exporter.
            CategoricalSplit = false,
        });
        return new MlNetBinaryModel(context, trainer.Fit(data), featureCount);
    }

    /// <summary>P(engaged) from ML.NET itself for every row of a row-major matrix.</summary>
    public double[] PredictProbabilities(ReadOnlySpan<double> features)
    {
        var count = features.Length / _featureCount;
        var data = Load(_context, features, new int[count], Enumerable.Range(0, count).ToArray(), _featureCount, 1);
        var scored = _transformer.Transform(data);
        return [.. scored.GetColumn<float>("Probability").Select(p => (double)p)];
    }

    private static IDataView Load(MLContext context, ReadOnlySpan<double> features, IReadOnlyList<int> labels,
        IReadOnlyList<int> rows, int featureCount, double positiveWeight)
    {
        var items = new Row[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var source = features.Slice(rows[r] * featureCount, featureCount);
            var vector = new float[featureCount];
            for (var j = 0; j < featureCount; j++)
            {
                vector[j] = (float)source[j];
            }
            var label = labels[rows[r]] == 1;
            items[r] = new Row { Features = vector, Label = label, Weight = label ? (float)positiveWeight : 1f };
        }
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return context.Data.LoadFromEnumerable(items, schema);
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Weight { get; set; }
    }
}
