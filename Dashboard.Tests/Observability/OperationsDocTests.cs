using System.Text.RegularExpressions;
using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Dashboard.Tests.Observability;

/// <summary>The alert rules of docs/operations.md use only metric names that /metrics really exports.</summary>
public sealed partial class OperationsDocTests(TelemetryAppFactory factory) : IClassFixture<TelemetryAppFactory>
{
    private static readonly HashSet<string> s_promQlWords = ["and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset"];

    [Fact]
    public async Task AlertRules_UseOnlyMetricsThatExistAfterTraffic()
    {
        var expressions = AlertExpressions(await File.ReadAllTextAsync(Path.Combine(TestPaths.RepositoryRoot, "docs", "operations.md")));
        Assert.True(expressions.Count >= 8, $"Expected the alert rules' expr lines, found {expressions.Count}.");
        var names = expressions.SelectMany(MetricNames).Distinct().ToList();
        Assert.Contains("leadscoring_drift_alert_level", names);
        Assert.Contains("http_server_request_duration_seconds_bucket", names);

        await factory.TrafficAsync();
        var metrics = await factory.MetricsAsync();

        var missing = names.Where(n => !PrometheusText.Has(metrics, n)).ToList();
        Assert.True(missing.Count == 0, "Alert rules use names /metrics does not export: " + string.Join(", ", missing));
    }

    [Fact]
    public void MetricNames_ReadsNamesNotFunctionsLabelsOrDurations()
    {
        var names = MetricNames("""histogram_quantile(0.99, sum by (le) (rate(a_bucket{route="/x",code=~"5.."}[5m]))) / b_total > 2 * c and on (k) d""");

        Assert.Equal(["a_bucket", "b_total", "c", "d"], names);
    }

    /// <summary>Every <c>expr:</c> of the first fenced yaml block, single-line or <c>|</c> block.</summary>
    internal static List<string> AlertExpressions(string markdown)
    {
        var block = YamlBlock().Match(markdown);
        Assert.True(block.Success, "docs/operations.md has no ```yaml block.");
        var lines = block.Groups[1].Value.Split('\n');
        var expressions = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var at = lines[i].IndexOf("expr:", StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }
            var value = lines[i][(at + 5)..].Trim();
            if (value != "|")
            {
                expressions.Add(value);
                continue;
            }
            var parts = new List<string>();
            while (i + 1 < lines.Length && Indent(lines[i + 1]) > at)
            {
                parts.Add(lines[++i].Trim());
            }
            expressions.Add(string.Join(" ", parts));
        }
        return expressions;
    }

    /// <summary>The metric names of a PromQL expression: identifiers that are not functions, keywords, labels or durations.</summary>
    internal static List<string> MetricNames(string expression)
    {
        var bare = Matchers().Replace(expression, " ");
        bare = Groupings().Replace(bare, " ");
        return [.. Identifier().Matches(bare).Select(m => m.Value).Where(n => !s_promQlWords.Contains(n)).Distinct()];
    }

    private static int Indent(string line) => line.Length - line.TrimStart().Length;

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex(@"\{[^}]*\}|\[[^\]]*\]|""[^""]*""")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Groupings();

    // Not followed by "(" (a function) and not starting with a digit (a number).
    [GeneratedRegex(@"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*\b(?!\s*\()")]
    private static partial Regex Identifier();
}
