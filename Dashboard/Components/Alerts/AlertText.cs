using System.Globalization;
using System.Text.Json;
using LeadScoring.Core.Alerts;
using LeadScoring.Engine.Alerts;
using MudBlazor;

namespace LeadScoring.Dashboard.Components.Alerts;

/// <summary>How alert pieces read on the pages: severity colours, the evidence sentence and numbers, rule states.</summary>
public static class AlertText
{
    public static Color SeverityColor(string severity) => severity switch
    {
        "critical" => Color.Error,
        "warning" => Color.Warning,
        _ => Color.Info,
    };

    /// <summary>The evidence's plain sentence ("window_drift_share 0.62 ≥ 0.5 over 86400 s, 24,310 rows").</summary>
    public static string Summary(AlertView alert) => Read(alert.EvidenceJson, root =>
        root.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() ?? "" : "");

    /// <summary>The evidence numbers: value, threshold, sample (and the effect guard's value when there is one).</summary>
    public static string Numbers(AlertView alert) => Read(alert.EvidenceJson, root =>
    {
        var parts = new List<string>();
        foreach (var key in (string[])["value", "threshold", "sample", "effect_value"])
        {
            if (root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{key} {v.GetDouble():0.####}"));
            }
        }
        return string.Join(" · ", parts);
    });

    /// <summary>A rule's current state as a person reads it: "insufficient data (120/500)", "pending 1/2", "firing".</summary>
    public static string State(AlertRuleOutcome outcome) => outcome.State switch
    {
        AlertState.InsufficientData when outcome.Evidence.Sample > 0 || outcome.Rule.MinSample > 0 =>
            string.Create(CultureInfo.InvariantCulture, $"insufficient data ({outcome.Evidence.Sample}/{outcome.Rule.MinSample})"),
        AlertState.InsufficientData => "insufficient data",
        AlertState.Pending => string.Create(CultureInfo.InvariantCulture, $"pending {Math.Max(1, outcome.TrueRun)}/{outcome.Rule.For}"),
        _ => AlertEvaluationService.StateName(outcome.State),
    };

    public static Color StateColor(AlertState state) => state switch
    {
        AlertState.Firing => Color.Error,
        AlertState.Pending => Color.Warning,
        AlertState.Inactive => Color.Success,
        _ => Color.Default,
    };

    /// <summary>The rule's condition: "window_drift_share ≥ 0.5".</summary>
    public static string Condition(AlertRule rule)
    {
        var op = rule.Comparison switch
        {
            AlertComparison.GreaterThan => ">", AlertComparison.GreaterOrEqual => "≥", AlertComparison.LessThan => "<", _ => "≤",
        };
        var effect = rule.Effect is { } guard ? string.Create(CultureInfo.InvariantCulture, $" and {AlertRulesJson.SignalName(guard.Signal)} > {guard.Floor}") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{AlertRulesJson.SignalName(rule.Signal)} {op} {rule.Threshold}{effect}");
    }

    /// <summary>Seconds as "24 h", "5 min", "30 s"; 0 as "–".</summary>
    public static string Duration(long seconds) => seconds switch
    {
        <= 0 => "–",
        _ when seconds % 3600 == 0 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600} h"),
        _ when seconds % 60 == 0 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds} s"),
    };

    private static string Read(string json, Func<JsonElement, string> read)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? read(doc.RootElement) : "";
        }
        catch (JsonException)
        {
            return ""; // a damaged evidence row shows no numbers rather than breaking the page
        }
    }
}
