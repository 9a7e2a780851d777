using LeadScoring.Engine.Features;
using LeadScoring.Engine.Scoring;
using LeadScoring.Engine.Training;

namespace LeadScoring.Engine.Tests.Training;

public sealed class LeadModelTrainerTests
{
    [Fact]
    public void Train_SyntheticSignal_LearnsAndRecordsEverything()
    {
        var (features, labels) = SyntheticLeads.Create(2000, seed: 7);
        var trainer = new LeadModelTrainer(new LeadModelTrainerOptions { ModelVersion = "test-1" });

        var model = trainer.Train(features, labels);

        var d = model.Description;
        Assert.Equal(2000, d.Rows);
        Assert.Equal(labels.Count(l => l == 1), d.Positives);
        Assert.Equal(400, d.ValidationRows);
        Assert.Equal(1600, d.TrainRows);
        Assert.Equal(d.Positives, d.TrainPositives + d.ValidationPositives);
        Assert.Equal((double)(d.TrainRows - d.TrainPositives) / d.TrainPositives, d.PositiveWeight, 12);
        Assert.Equal(100, d.TreeCount);
        Assert.Equal(42, d.Seed);
        var v = model.Validation;
        Assert.Equal(400, v.Rows);
        Assert.Equal(model.Threshold, v.Threshold);
        Assert.True(v.RocAuc > 0.85, $"ROC AUC {v.RocAuc}");
        Assert.True(v.F1 > v.BaselineF1 + 0.1, $"F1 {v.F1} vs baseline {v.BaselineF1}");
        Assert.Equal(4, v.TopK.Count);

        using var loaded = ScoringModel.FromOnnx(model.OnnxModel, "v").Scorer;
        var onnx = (OnnxScorer)loaded;
        Assert.Equal("test-1", onnx.Metadata[ScoringModel.ModelVersionKey]);
        Assert.Equal(model.Threshold, double.Parse(onnx.Metadata[ScoringModel.ThresholdKey],
            System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(FeatureSchema.Names, ScoringModel.ReadFeatureColumns(onnx.Metadata));
    }

    [Fact]
    public void Train_SameSeed_GivesIdenticalModel()
    {
        var (features, labels) = SyntheticLeads.Create(600, seed: 3);
        var options = new LeadModelTrainerOptions { NumberOfTrees = 30 };

        var first = new LeadModelTrainer(options).Train(features, labels);
        var second = new LeadModelTrainer(options).Train(features, labels);

        Assert.Equal(first.OnnxModel, second.OnnxModel);
        Assert.Equal(first.Threshold, second.Threshold);
    }

    [Fact]
    public void Train_ThresholdMaximisesValidationF1()
    {
        var (features, labels) = SyntheticLeads.Create(800, seed: 11);
        var model = new LeadModelTrainer(new LeadModelTrainerOptions { NumberOfTrees = 40 }).Train(features, labels);

        var (_, validation) = StratifiedSplit.TrainValidation(labels, 0.2, 42);
        var rows = LeadModelTrainer.Gather(features, validation, 47);
        using var scorer = OnnxScorer.FromBytes(model.OnnxModel);
        var scores = scorer.ScoreBatch(rows).Probabilities;
        var validationLabels = validation.Select(i => labels[i]).ToArray();

        Assert.Equal(ClassificationMetrics.Confusion(scores, validationLabels, model.Threshold).F1, model.Validation.F1);
        foreach (var candidate in scores)
        {
            Assert.True(ClassificationMetrics.Confusion(scores, validationLabels, candidate).F1 <= model.Validation.F1);
        }
    }

    [Fact]
    public void Train_BadInput_ThrowsClearMessages()
    {
        var trainer = new LeadModelTrainer();
        var (features, labels) = SyntheticLeads.Create(100, seed: 1);

        Assert.Contains("rows of 47 features",
            Assert.Throws<ArgumentException>(() => trainer.Train(features.AsSpan(1), labels)).Message);
        labels[4] = 2;
        Assert.Contains("Row 5: label 2",
            Assert.Throws<ArgumentException>(() => trainer.Train(features, labels)).Message);
        Assert.Contains("Too few rows of a class",
            Assert.Throws<ArgumentException>(() => trainer.Train(features, new int[100])).Message);
    }

    [Fact]
    public void StratifiedSplit_KeepsClassRatioAndIsDeterministic()
    {
        var labels = Enumerable.Range(0, 303).Select(i => i < 122 ? 1 : 0).ToArray();

        var (train, validation) = StratifiedSplit.TrainValidation(labels, 0.2, 42);
        var again = StratifiedSplit.TrainValidation(labels, 0.2, 42);

        Assert.Equal(24, validation.Count(i => labels[i] == 1)); // round(122 * 0.2)
        Assert.Equal(36, validation.Count(i => labels[i] == 0)); // round(181 * 0.2)
        Assert.Equal(303, train.Length + validation.Length);
        Assert.Empty(train.Intersect(validation));
        Assert.Equal(validation, again.Validation);
        var folds = StratifiedSplit.FoldAssignments(labels, 5, 42);
        Assert.All(Enumerable.Range(0, 5), f =>
        {
            var members = Enumerable.Range(0, 303).Where(i => folds[i] == f).ToArray();
            Assert.InRange(members.Length, 60, 61);
            Assert.InRange(members.Count(i => labels[i] == 1), 24, 25);
        });
    }
}
