namespace LeadScoring.Engine.Alerts;

/// <summary>Checks rules field by field; every message starts with the field's path.</summary>
public static class AlertRuleValidator
{
    /// <summary>Longest accepted rule name.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Validates rules built in code (the default set, a UI form) with the same checks as import.</summary>
    /// <exception cref="AlertRulesFormatException">The first problem, naming <c>rules[i].field</c>.</exception>
    public static void Validate(IReadOnlyList<AlertRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        for (var i = 0; i < rules.Count; i++)
        {
            ToRule(ToDto(rules[i]), $"rules[{i}]");
        }
        ValidateSet(rules);
    }

    internal static void ValidateSet(IReadOnlyList<AlertRule> rules)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            if (!seen.Add(rules[i].Name))
            {
                throw new AlertRulesFormatException($"rules[{i}].name: '{rules[i].Name}' is used by an earlier rule");
            }
        }
    }

    internal static AlertRule ToRule(RuleDto? r, string at)
    {
        if (r is null)
        {
            throw Fail(at, "must be an object");
        }
        if (string.IsNullOrWhiteSpace(r.Name))
        {
            throw Fail($"{at}.name", "required");
        }
        if (r.Name.Length > MaxNameLength || r.Name.Any(char.IsControl))
        {
            throw Fail($"{at}.name", $"at most {MaxNameLength} printable characters");
        }
        var signal = r.Signal ?? throw Fail($"{at}.signal", "required");
        var comparison = r.Comparison ?? throw Fail($"{at}.comparison", "required");
        var threshold = r.Threshold ?? throw Fail($"{at}.threshold", "required");
        Finite(threshold, $"{at}.threshold");
        var rule = new AlertRule
        {
            Name = r.Name,
            Signal = signal,
            Comparison = comparison,
            Threshold = threshold,
            WindowSeconds = NonNegative(r.WindowSeconds ?? 0, $"{at}.window_seconds"),
            MinSample = NonNegative(r.MinSample ?? 0, $"{at}.min_sample"),
            For = (int)NonNegative(r.For ?? 1, $"{at}.for"),
            ForSeconds = NonNegative(r.ForSeconds ?? 0, $"{at}.for_seconds"),
            KeepFiringFor = (int)NonNegative(r.KeepFiringFor ?? 0, $"{at}.keep_firing_for"),
            KeepFiringForSeconds = NonNegative(r.KeepFiringForSeconds ?? 0, $"{at}.keep_firing_for_seconds"),
            RepeatIntervalSeconds = NonNegative(r.RepeatIntervalSeconds ?? 4 * 3600, $"{at}.repeat_interval_seconds"),
            Effect = Effect(r.Effect, $"{at}.effect"),
            Severity = r.Severity ?? AlertSeverity.Warning,
        };
        if (AlertSignals.IsPValue(signal))
        {
            if (comparison is not (AlertComparison.LessThan or AlertComparison.LessOrEqual) || threshold is <= 0 or >= 1)
            {
                throw Fail($"{at}.threshold", "a p-value rule needs less_than/less_or_equal an alpha between 0 and 1");
            }
            if (rule.Effect is null)
            {
                throw Fail($"{at}.effect", "required for a p-value signal (significance alone cries wolf on large samples)");
            }
        }
        return rule;
    }

    private static EffectGuard? Effect(EffectDto? e, string at)
    {
        if (e is null)
        {
            return null;
        }
        var signal = e.Signal ?? throw Fail($"{at}.signal", "required");
        if (!AlertSignals.IsEffectSize(signal))
        {
            throw Fail($"{at}.signal", "must be an effect size (score_wasserstein or score_psi)");
        }
        var floor = e.Floor ?? throw Fail($"{at}.floor", "required");
        Finite(floor, $"{at}.floor");
        if (floor < 0)
        {
            throw Fail($"{at}.floor", "must be >= 0");
        }
        return new EffectGuard(signal, floor);
    }

    private static RuleDto ToDto(AlertRule r) => new(r.Name, r.Signal, r.Comparison, r.Threshold, r.WindowSeconds, r.MinSample, r.For,
        r.ForSeconds, r.KeepFiringFor, r.KeepFiringForSeconds, r.RepeatIntervalSeconds,
        r.Effect is null ? null : new EffectDto(r.Effect.Signal, r.Effect.Floor), r.Severity);

    private static long NonNegative(long value, string field) => value >= 0 ? value : throw Fail(field, "must be >= 0");

    private static void Finite(double value, string field)
    {
        if (!double.IsFinite(value))
        {
            throw Fail(field, "must be a finite number");
        }
    }

    private static AlertRulesFormatException Fail(string field, string problem) => new($"{field}: {problem}");
}
