using LeadScoring.Engine.Alerts;
using LeadScoring.Engine.Drift;
using static LeadScoring.Engine.Tests.Alerts.AlertTestTables;

namespace LeadScoring.Engine.Tests.Alerts;

public class DriftReadingsTests
{
    private static readonly double[] s_reference = Enumerable.Range(0, 2000).Select(i => (i % 100) / 100.0).ToArray();

    [Fact]
    public void WithDrift_FeedsTheDefaultDriftRules()
    {
        var shifted = s_reference.Select(s => Math.Min(0.99, s + 0.3)).ToArray();
        var report = Report(shifted, 0.55, DriftAlertLevel.Red);
        var observation = new AlertObservation(Start).WithDrift(report, DefaultAlertRules.OneDay);

        Assert.Equal(new SignalReading(0.55, 2000), observation.Get(AlertSignal.WindowDriftShare, DefaultAlertRules.OneDay));
        Assert.Equal(new SignalReading(2, 2000), observation.Get(AlertSignal.BatchDriftLevel, DefaultAlertRules.OneDay));
        Assert.True(observation.Get(AlertSignal.PredictionDriftPValue, DefaultAlertRules.OneDay)!.Value.Value < 1e-10);
        Assert.True(observation.Get(AlertSignal.ScorePsi, DefaultAlertRules.OneDay)!.Value.Value > DefaultAlertRules.PsiFloor);

        var rule = DefaultAlertRules.All.Single(r => r.Name == "prediction-drift") with { For = 1 };
        Assert.Equal(AlertState.Firing, AlertStateMachine.Step(rule, AlertRuleState.Initial, observation).Status.State);
    }

    // Literal from scipy 1.10 (Debian python3-scipy):
    //   ref = np.array([(i % 100) / 100.0 for i in range(2000)]); cur = np.minimum(0.99, ref + 0.3)
    //   wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)  ->  0.8781936702187286
    [Fact]
    public void WithDrift_AddsTheNormedScoreWasserstein_EqualToScipy()
    {
        var shifted = s_reference.Select(s => Math.Min(0.99, s + 0.3)).ToArray();
        var observation = new AlertObservation(Start).WithDrift(Report(shifted, 0.55, DriftAlertLevel.Red), DefaultAlertRules.OneDay);

        var reading = observation.Get(AlertSignal.ScoreWasserstein, DefaultAlertRules.OneDay)!.Value;
        Assert.Equal(0.8781936702187286, reading.Value, 1e-12);
        Assert.Equal(2000, reading.Sample);
    }

    [Fact]
    public void ScorePsi_IsNearZero_ForTheSameScores()
    {
        var report = Report(s_reference, 0, DriftAlertLevel.Green);
        Assert.InRange(DriftReadings.ScorePsi(report.PredictionDrift!)!.Value, 0, 1e-12);
    }

    private static DriftReport Report(double[] current, double share, DriftAlertLevel level) => new()
    {
        Profile = DriftProfile.Evidently,
        Columns = [],
        CurrentRows = current.Length,
        DriftShare = share,
        AlertLevel = level,
        PredictionDrift = PredictionDrift.Run(s_reference, current),
    };
}
