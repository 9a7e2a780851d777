using System.Globalization;
using System.Text.Json;
using LeadScoring.Core.Domain;
using LeadScoring.Core.Features;

namespace LeadScoring.Core.Ingestion;

/// <summary>One invalid field of a JSON lead, shaped like the original API's (pydantic) error entries.</summary>
/// <param name="Loc">Path to the field, e.g. ["body", "leads", 3, "llm_quality"].</param>
/// <param name="Msg">What is wrong, in words.</param>
/// <param name="Type">A stable machine code (e.g. "less_than_equal", "int_parsing").</param>
public sealed record LeadFieldError(IReadOnlyList<object> Loc, string Msg, string Type);

/// <summary>
/// Validates /predict bodies field by field with the original API's rules, collecting every error (not only the
/// first): whole numbers may come as 80, 80.0 or "80"; bounds are inclusive; text lengths are counted in code points
/// as Python's len(); null means missing; unknown keys are ignored.
/// </summary>
public static class LeadJsonValidator
{
    /// <summary>Reads one lead object; returns null and fills <paramref name="errors"/> when it is invalid.</summary>
    public static RawLead? Read(JsonElement element, IReadOnlyList<object> path, List<LeadFieldError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new LeadFieldError(path, "Input should be a JSON object of lead fields", "model_type"));
            return null;
        }
        var before = errors.Count;
        var numbers = new Dictionary<string, double?>(StringComparer.Ordinal);
        var strings = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var column in RawSchema.Columns)
        {
            if (!element.TryGetProperty(column.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            IReadOnlyList<object> fieldPath = [.. path, column.Name];
            switch (column.Kind)
            {
                case RawColumnKind.Integer or RawColumnKind.Float:
                    numbers[column.Name] = ReadNumber(value, column, fieldPath, errors);
                    break;
                default:
                    strings[column.Name] = ReadString(value, column, fieldPath, errors);
                    break;
            }
        }
        if (errors.Count > before)
        {
            return null;
        }
        return new RawLead
        {
            LlmQuality = ToInt(numbers.GetValueOrDefault("llm_quality")),
            LlmSeniority = strings.GetValueOrDefault("llm_seniority"),
            LlmEngagement = numbers.GetValueOrDefault("llm_engagement"),
            LlmDecisionMaker = numbers.GetValueOrDefault("llm_decision_maker"),
            LlmIndustry = strings.GetValueOrDefault("llm_industry"),
            LlmGeography = strings.GetValueOrDefault("llm_geography"),
            LlmBusinessType = strings.GetValueOrDefault("llm_business_type"),
            LlmCompanyFit = ToInt(numbers.GetValueOrDefault("llm_company_fit")),
            Industry = strings.GetValueOrDefault("industry"),
            CompanyIndustry = strings.GetValueOrDefault("companyindustry"),
            CompanySize = strings.GetValueOrDefault("companysize"),
            CompanyType = strings.GetValueOrDefault("companytype"),
            Languages = strings.GetValueOrDefault("languages"),
            Location = strings.GetValueOrDefault("location"),
            CompanyLocation = strings.GetValueOrDefault("companylocation"),
            CompanyFoundedOn = numbers.GetValueOrDefault("companyfoundedon"),
            Summary = strings.GetValueOrDefault("summary"),
            Skills = strings.GetValueOrDefault("skills"),
            JobTitle = strings.GetValueOrDefault("jobtitle"),
        };
    }

    private static double? ReadNumber(JsonElement value, RawColumn column, IReadOnlyList<object> path, List<LeadFieldError> errors)
    {
        var integer = column.Kind == RawColumnKind.Integer;
        double number;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var n) && double.IsFinite(n))
        {
            number = n;
        }
        else if (value.ValueKind == JsonValueKind.String
            && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            && double.IsFinite(parsed))
        {
            number = parsed;
        }
        else
        {
            errors.Add(integer
                ? new LeadFieldError(path, "Input should be a valid integer", "int_parsing")
                : new LeadFieldError(path, "Input should be a finite number", "finite_number"));
            return null;
        }
        if (integer && Math.Floor(number) != number)
        {
            errors.Add(new LeadFieldError(path, "Input should be a valid integer, got a number with a fractional part", "int_from_float"));
            return null;
        }
        if (column.Minimum is { } min && number < min)
        {
            errors.Add(new LeadFieldError(path, $"Input should be greater than or equal to {Format(min)}", "greater_than_equal"));
            return null;
        }
        if (column.Maximum is { } max && number > max)
        {
            errors.Add(new LeadFieldError(path, $"Input should be less than or equal to {Format(max)}", "less_than_equal"));
            return null;
        }
        return number;
    }

    private static string? ReadString(JsonElement value, RawColumn column, IReadOnlyList<object> path, List<LeadFieldError> errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new LeadFieldError(path, "Input should be a valid string", "string_type"));
            return null;
        }
        var text = value.GetString()!;
        if (column.MaxCodePoints is { } maxLength && text.Length > maxLength && TextFeatures.CodePointLength(text) > maxLength)
        {
            errors.Add(new LeadFieldError(path, $"String should have at most {maxLength} characters", "string_too_long"));
            return null;
        }
        return text;
    }

    private static int? ToInt(double? value) => value is { } v ? (int)v : null;

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
