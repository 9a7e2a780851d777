using LeadScoring.Engine.Alerts;

namespace LeadScoring.Engine.Tests.Alerts;

public class AlertRulesJsonTests
{
    [Fact]
    public void DefaultRules_RoundTrip()
    {
        var json = AlertRulesJson.Export(DefaultAlertRules.All);
        Assert.Equal(DefaultAlertRules.All, AlertRulesJson.Import(json));
        Assert.Equal(json, AlertRulesJson.Export(AlertRulesJson.Import(json)));
    }

    [Fact]
    public void Export_IsSnakeCase()
    {
        var json = AlertRulesJson.Export([DefaultAlertRules.All.Single(r => r.Name == "prediction-drift")]);
        Assert.Equal("""
            {
              "version": 1,
              "rules": [
                {
                  "name": "prediction-drift",
                  "signal": "prediction_drift_p_value",
                  "comparison": "less_than",
                  "threshold": 0.01,
                  "window_seconds": 86400,
                  "min_sample": 1000,
                  "for": 2,
                  "for_seconds": 0,
                  "keep_firing_for": 1,
                  "keep_firing_for_seconds": 0,
                  "repeat_interval_seconds": 14400,
                  "effect": {
                    "signal": "score_psi",
                    "floor": 0.1
                  },
                  "severity": "critical"
                }
              ]
            }
            """, json.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Import_FillsDefaults_ForOptionalFields()
    {
        var rules = AlertRulesJson.Import("""
            {"version": 1, "rules": [{"name": "q", "signal": "queue_depth_share", "comparison": "greater_than", "threshold": 0.5}]}
            """);
        var q = Assert.Single(rules);
        Assert.Equal((1, 0, 0L, 14_400L, AlertSeverity.Warning), (q.For, q.KeepFiringFor, q.MinSample, q.RepeatIntervalSeconds, q.Severity));
    }

    [Theory]
    [InlineData("""{"for": -1}""", "rules[2].for: must be >= 0")]
    [InlineData("""{"keep_firing_for": -2}""", "rules[2].keep_firing_for: must be >= 0")]
    [InlineData("""{"min_sample": -5}""", "rules[2].min_sample: must be >= 0")]
    [InlineData("""{"repeat_interval_seconds": -60}""", "rules[2].repeat_interval_seconds: must be >= 0")]
    [InlineData("""{"name": " "}""", "rules[2].name: required")]
    [InlineData("""{"signal": null}""", "rules[2].signal: required")]
    [InlineData("""{"signal": "cpu_temperature"}""", "rules[2].signal: not a valid value for this field (line 1)")]
    [InlineData("""{"for": "three"}""", "rules[2].for: not a valid value for this field (line 1)")]
    [InlineData("""{"colour": "red"}""", "rules[2].colour: not a valid value for this field (line 1)")]
    [InlineData("""{"signal": "prediction_drift_p_value", "comparison": "less_than", "threshold": 0.01}""",
        "rules[2].effect: required for a p-value signal (significance alone cries wolf on large samples)")]
    [InlineData("""{"signal": "prediction_drift_p_value", "comparison": "greater_than", "threshold": 0.01}""",
        "rules[2].threshold: a p-value rule needs less_than/less_or_equal an alpha between 0 and 1")]
    [InlineData("""{"effect": {"signal": "latency_p99_ms", "floor": 1}}""", "rules[2].effect.signal: must be an effect size (score_wasserstein or score_psi)")]
    [InlineData("""{"effect": {"signal": "score_psi", "floor": -0.1}}""", "rules[2].effect.floor: must be >= 0")]
    [InlineData("""{"effect": {"signal": "score_psi"}}""", "rules[2].effect.floor: required")]
    [InlineData("""{"name": "a"}""", "rules[2].name: 'a' is used by an earlier rule")]
    public void Import_NamesTheBadField(string thirdRuleOverrides, string expected)
    {
        var e = Assert.Throws<AlertRulesFormatException>(() => AlertRulesJson.Import(Document(thirdRuleOverrides)));
        Assert.Equal(expected, e.Message);
    }

    [Theory]
    [InlineData("""{"rules": []}""", "version: must be 1")]
    [InlineData("""{"version": 1}""", "rules: required")]
    [InlineData("""[1, 2]""", "document: not a valid value for this field (line 1)")]
    [InlineData("""null""", "document: empty")]
    public void Import_NamesTheBadDocumentField(string json, string expected)
    {
        Assert.Equal(expected, Assert.Throws<AlertRulesFormatException>(() => AlertRulesJson.Import(json)).Message);
    }

    [Fact]
    public void Import_TooManyRules_NamesTheLimit()
    {
        var e = Assert.Throws<AlertRulesFormatException>(() => AlertRulesJson.Import(Document("{}"), maxRules: 2));
        Assert.Equal("rules: 3 rules, the limit is 2 (maxRules)", e.Message);
    }

    [Fact]
    public void DefaultRules_PassValidation_AndAnUnguardedPValueRuleDoesNot()
    {
        AlertRuleValidator.Validate(DefaultAlertRules.All);
        var unguarded = DefaultAlertRules.All.Single(r => r.Name == "prediction-drift") with { Effect = null };
        var e = Assert.Throws<AlertRulesFormatException>(() => AlertRuleValidator.Validate([unguarded]));
        Assert.StartsWith("rules[0].effect: required", e.Message);
    }

    [Fact]
    public void DefaultRules_CoverEverySignalTheIssueNames()
    {
        var covered = DefaultAlertRules.All.Select(r => r.Signal).ToHashSet();
        var expected = Enum.GetValues<AlertSignal>()
            .Except([AlertSignal.ScorePsi, AlertSignal.ScoreWasserstein, AlertSignal.RealizedF1VsReferenceLower]); // guards / opt-in
        Assert.Empty(expected.Except(covered));
    }

    // Rules a, b and a third one built from a valid error-rate rule with the given fields overridden.
    private static string Document(string thirdRuleOverrides)
    {
        var third = System.Text.Json.Nodes.JsonNode.Parse("""{"name": "c", "signal": "predict_error_rate", "comparison": "greater_than", "threshold": 0.05}""")!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(thirdRuleOverrides)!.AsObject())
        {
            third[key] = value?.DeepClone();
        }
        return "{\"version\": 1, \"rules\": [" +
               """{"name": "a", "signal": "latency_p99_ms", "comparison": "greater_than", "threshold": 200},""" +
               """{"name": "b", "signal": "disk_free_megabytes", "comparison": "less_than", "threshold": 2048},""" +
               third.ToJsonString() + "]}";
    }
}

public class AlertRuleConditionTests
{
    [Theory]
    [InlineData(AlertComparison.GreaterThan, 0.05, false)]
    [InlineData(AlertComparison.GreaterOrEqual, 0.05, true)]
    [InlineData(AlertComparison.LessThan, 0.05, false)]
    [InlineData(AlertComparison.LessOrEqual, 0.05, true)]
    [InlineData(AlertComparison.GreaterThan, 0.0500001, true)]
    [InlineData(AlertComparison.LessThan, 0.0499999, true)]
    public void Compares_AtAndAroundTheThreshold(AlertComparison comparison, double value, bool expected)
    {
        var rule = AlertTestTables.ErrorRateRule() with { Comparison = comparison };
        Assert.Equal(expected, rule.Compares(value));
    }

    [Fact]
    public void Validate_RefusesANonFiniteThreshold_BuiltInCode()
    {
        var rule = AlertTestTables.ErrorRateRule() with { Threshold = double.NaN };
        var e = Assert.Throws<AlertRulesFormatException>(() => AlertRuleValidator.Validate([DefaultAlertRules.All[0], rule]));
        Assert.Equal("rules[1].threshold: must be a finite number", e.Message);
    }
}
