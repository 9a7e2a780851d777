using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadScoring.Engine.Alerts;

/// <summary>A rule set that failed validation; <see cref="Exception.Message"/> names the field (<c>rules[2].for: …</c>).</summary>
public sealed class AlertRulesFormatException(string message) : Exception(message);

/// <summary>
/// Rules as JSON (<c>{"version": 1, "rules": [...]}</c>, snake_case names and enum values). Import validates every
/// field and names the first bad one; export writes what import reads.
/// </summary>
public static class AlertRulesJson
{
    /// <summary>Version of the format.</summary>
    public const int FormatVersion = 1;

    /// <summary>Default limit of rules in one document.</summary>
    public const int DefaultMaxRules = 200;

    /// <summary>snake_case names, enums as snake_case strings, unknown fields rejected.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        WriteIndented = true,
    };

    /// <summary>The JSON name of a signal (e.g. <c>prediction_drift_p_value</c>).</summary>
    public static string SignalName(AlertSignal signal) => JsonNamingPolicy.SnakeCaseLower.ConvertName(signal.ToString());

    /// <summary>Writes a rule set.</summary>
    public static string Export(IEnumerable<AlertRule> rules)
        => JsonSerializer.Serialize(new Document(FormatVersion, rules.ToList()), Options);

    /// <summary>Reads and validates a rule set; <paramref name="maxRules"/> bounds its size.</summary>
    /// <exception cref="AlertRulesFormatException">The message names the field and what is wrong with it.</exception>
    public static IReadOnlyList<AlertRule> Import(string json, int maxRules = DefaultMaxRules)
    {
        ArgumentNullException.ThrowIfNull(json);
        DocumentDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<DocumentDto>(json, Options);
        }
        catch (JsonException e)
        {
            // The path names the field; the exception text itself is not shown (it may quote internals).
            var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "document" : e.Path.TrimStart('$', '.');
            throw new AlertRulesFormatException($"{path}: not a valid value for this field (line {e.LineNumber + 1})");
        }
        if (dto is null)
        {
            throw new AlertRulesFormatException("document: empty");
        }
        if (dto.Version != FormatVersion)
        {
            throw new AlertRulesFormatException($"version: must be {FormatVersion}");
        }
        if (dto.Rules is null)
        {
            throw new AlertRulesFormatException("rules: required");
        }
        if (dto.Rules.Count > maxRules)
        {
            throw new AlertRulesFormatException($"rules: {dto.Rules.Count} rules, the limit is {maxRules} (maxRules)");
        }
        var rules = dto.Rules.Select((r, i) => AlertRuleValidator.ToRule(r, $"rules[{i}]")).ToList();
        AlertRuleValidator.ValidateSet(rules);
        return rules;
    }

    private sealed record Document(int Version, IReadOnlyList<AlertRule> Rules);

    private sealed record DocumentDto(int? Version, List<RuleDto?>? Rules);
}

/// <summary>A rule as read: everything optional, so a missing field can be named.</summary>
internal sealed record RuleDto(
    string? Name,
    AlertSignal? Signal,
    AlertComparison? Comparison,
    double? Threshold,
    [property: JsonPropertyName("window_seconds")] long? WindowSeconds,
    long? MinSample,
    int? For,
    [property: JsonPropertyName("for_seconds")] long? ForSeconds,
    int? KeepFiringFor,
    [property: JsonPropertyName("keep_firing_for_seconds")] long? KeepFiringForSeconds,
    [property: JsonPropertyName("repeat_interval_seconds")] long? RepeatIntervalSeconds,
    EffectDto? Effect,
    AlertSeverity? Severity);

/// <summary>An effect guard as read.</summary>
internal sealed record EffectDto(AlertSignal? Signal, double? Floor);
