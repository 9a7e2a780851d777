using System.Text.Json;
using LeadScoring.Engine.Performance.Calibration;
using LeadScoring.Engine.Performance.Cbpe;
using static LeadScoring.Engine.Tests.Performance.Fixture;

namespace LeadScoring.Engine.Tests.Performance;

/// <summary>Calibration decision, ECE, CBPE estimates, sampling errors and thresholds against the NannyML-formula
/// literals of make_performance_fixture.py.</summary>
public sealed class NannyMlParityTests
{
    public static TheoryData<string> CalibrationCases() =>
        [.. Get("calibration").EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(CalibrationCases))]
    public void Calibration_decision_follows_needs_calibration(string name)
    {
        var c = Case("calibration", name);
        var decision = CalibrationAnalysis.NeedsCalibration(c.GetProperty("scores").Doubles(), c.GetProperty("labels").Ints());
        Assert.Equal(c.GetProperty("needs_calibration").GetBoolean(), decision.NeedsCalibration);
        var reason = c.GetProperty("reason").GetString() switch
        {
            "ece" => CalibrationReason.ExpectedCalibrationError,
            "single_class" => CalibrationReason.SingleClass,
            "auc_above_0.999" => CalibrationReason.NearPerfectRanking,
            var other => throw new InvalidOperationException(other),
        };
        Assert.Equal(reason, decision.Reason);
        Near(c.NullableDouble("ece_before"), decision.EceBefore, 1e-9, "ECE before");
        Near(c.NullableDouble("ece_after"), decision.EceAfter, 1e-9, "ECE after");
    }

    [Fact]
    public void Reliability_diagram_uses_nannyml_equal_count_bins()
    {
        var cbpe = Get("cbpe");
        var expected = Get("reliability");
        var diagram = CalibrationAnalysis.ReliabilityDiagram(cbpe.GetProperty("reference_scores").Doubles(),
            cbpe.GetProperty("reference_labels").Ints());
        Near(expected.GetProperty("ece").GetDouble(), diagram.ExpectedCalibrationError, 1e-12, "ECE");
        var bins = expected.GetProperty("bins").EnumerateArray().ToArray();
        Assert.Equal(bins.Length, diagram.Bins.Count);
        for (var i = 0; i < bins.Length; i++)
        {
            Assert.Equal(bins[i].GetProperty("count").GetInt32(), diagram.Bins[i].Count);
            Near(bins[i].GetProperty("mean_score").GetDouble(), diagram.Bins[i].MeanScore, 1e-12);
            Near(bins[i].GetProperty("observed_rate").GetDouble(), diagram.Bins[i].ObservedRate, 1e-12);
        }
    }

    [Fact]
    public void Bin_edges_equal_get_bin_index_edges()
    {
        Assert.Equal([(0, 5), (5, 10), (10, 15), (15, 20)], CalibrationAnalysis.BinIndexEdges(20, 4));
        Assert.Equal([(0, 2), (2, 4), (4, 6), (6, 8), (8, 11)], CalibrationAnalysis.BinIndexEdges(11, 10));
        // NannyML's quirk: width ⌊25/10⌋ = 2 gives 12 bins, the last one (22, 25).
        Assert.Equal(12, CalibrationAnalysis.BinIndexEdges(25, 10).Count);
        Assert.Equal((22, 25), CalibrationAnalysis.BinIndexEdges(25, 10)[^1]);
        Assert.Equal(10, CalibrationAnalysis.BinIndexEdges(1099, 10).Count);
        Assert.Throws<ArgumentException>(() => CalibrationAnalysis.BinIndexEdges(3, 10));
    }

    [Fact]
    public void Fit_equals_cbpe_fit()
    {
        var cbpe = Get("cbpe");
        var fit = cbpe.GetProperty("fit");
        var state = FitFixture(cbpe, fit.GetProperty("chunk_size").GetInt32());
        Assert.Equal(fit.GetProperty("calibration").GetString(), state.Calibration);
        Near(fit.GetProperty("ece_before").GetDouble(), state.Decision.EceBefore);
        Near(fit.GetProperty("ece_after").GetDouble(), state.Decision.EceAfter);
        Assert.Equal(fit.GetProperty("x_thresholds").Doubles(), state.Calibrator!.XThresholds);
        var ys = fit.GetProperty("y_thresholds").Doubles();
        for (var i = 0; i < ys.Length; i++)
        {
            Near(ys[i], state.Calibrator.YThresholds[i], 1e-15);
        }
        foreach (var metric in CbpeMetrics.Names)
        {
            var component = fit.GetProperty("components").GetProperty(metric).Doubles();
            Near(component[0], state.SamplingErrors[metric].Std, 1e-12, $"{metric} std component");
            if (component.Length > 1)
            {
                Near(component[1], state.SamplingErrors[metric].Fraction, 1e-15, $"{metric} fraction component");
            }
            var values = fit.GetProperty("reference_chunk_values").GetProperty(metric).EnumerateArray().ToArray();
            Assert.Equal(values.Length, state.ReferenceChunks.Count);
            for (var i = 0; i < values.Length; i++)
            {
                Near(values[i].NullableDouble(), state.ReferenceChunks[i].Realized![metric], 1e-12, $"{metric} reference chunk {i}");
            }
            var t = fit.GetProperty("metrics").GetProperty(metric);
            Near(t.GetProperty("reference_mean").GetDouble(), state.Thresholds[metric].ReferenceMean, 1e-12, $"{metric} mean");
            Near(t.GetProperty("lower_threshold").GetDouble(), state.Thresholds[metric].Lower, 1e-12, $"{metric} lower");
            Near(t.GetProperty("upper_threshold").GetDouble(), state.Thresholds[metric].Upper, 1e-12, $"{metric} upper");
        }
    }

    [Theory]
    [InlineData("chunks")]
    [InlineData("reference_chunks")]
    public void Chunk_estimates_equal_cbpe_estimate(string which)
    {
        var cbpe = Get("cbpe");
        var state = FitFixture(cbpe, cbpe.GetProperty("fit").GetProperty("chunk_size").GetInt32());
        var (scores, outcomes) = which == "chunks"
            ? (cbpe.GetProperty("current_scores").Doubles(), cbpe.GetProperty("current_labels").Ints())
            : (cbpe.GetProperty("reference_scores").Doubles(), cbpe.GetProperty("reference_labels").Ints());
        var results = CbpeEstimator.Estimate(state, scores, outcomes.Select(v => (sbyte)v).ToArray(),
            Chunking.BySize(scores.Length, state.ReferenceChunkSize));
        var expected = cbpe.GetProperty(which).EnumerateArray().ToArray();
        Assert.Equal(expected.Length, results.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var r = results[i];
            Assert.Equal(e.GetProperty("rows").GetInt32(), r.Rows);
            foreach (var metric in CbpeMetrics.Names)
            {
                Near(e.GetProperty("estimated").GetProperty(metric).GetDouble(), r.Estimated[metric], 1e-9, $"chunk {i} estimated {metric}");
                Near(e.GetProperty("sampling_error").GetProperty(metric).GetDouble(), r.SamplingError[metric], 1e-9, $"chunk {i} SE {metric}");
                Near(e.GetProperty("upper_confidence_boundary").GetProperty(metric).GetDouble(), r.UpperConfidenceBound[metric], 1e-9);
                Near(e.GetProperty("lower_confidence_boundary").GetProperty(metric).GetDouble(), r.LowerConfidenceBound[metric], 1e-9);
                if (e.GetProperty("realized").ValueKind == JsonValueKind.Null)
                {
                    Assert.Null(r.Realized);
                }
                else
                {
                    Near(e.GetProperty("realized").NullableDouble(metric), r.Realized![metric], 1e-12, $"chunk {i} realized {metric}");
                }
            }
            Assert.Equal(e.GetProperty("alerts").EnumerateArray().Select(a => a.GetString()), r.Alerts);
            var confusion = e.GetProperty("expected_confusion");
            Near(confusion.GetProperty("tp").GetDouble(), r.ExpectedConfusion.TruePositives, 1e-12);
            Near(confusion.GetProperty("fp").GetDouble(), r.ExpectedConfusion.FalsePositives, 1e-12);
            Near(confusion.GetProperty("tn").GetDouble(), r.ExpectedConfusion.TrueNegatives, 1e-12);
            Near(confusion.GetProperty("fn").GetDouble(), r.ExpectedConfusion.FalseNegatives, 1e-12);
        }
    }

    [Fact]
    public void State_round_trips_through_json()
    {
        var cbpe = Get("cbpe");
        var state = FitFixture(cbpe, 40);
        var json = CbpeStateJson.Serialize(state);
        var back = CbpeStateJson.Deserialize(json);
        Assert.Equal(json, CbpeStateJson.Serialize(back));
        Assert.Equal(state.Calibrator!.XThresholds, back.Calibrator!.XThresholds);
        Assert.Equal(state.Calibrator.YThresholds, back.Calibrator.YThresholds);
        var scores = cbpe.GetProperty("current_scores").Doubles();
        var chunks = Chunking.BySize(scores.Length, 40);
        var a = CbpeEstimator.Estimate(state, scores, chunks);
        var b = CbpeEstimator.Estimate(back, scores, chunks);
        Assert.Equal(a.Select(c => c.Estimated), b.Select(c => c.Estimated));
    }

    internal static CbpeState FitFixture(JsonElement cbpe, int chunkSize)
    {
        var scores = cbpe.GetProperty("reference_scores").Doubles();
        var labels = cbpe.GetProperty("reference_labels").Ints();
        return CbpeEstimator.Fit(scores, labels, 0.5, Chunking.BySize(scores.Length, chunkSize));
    }
}
