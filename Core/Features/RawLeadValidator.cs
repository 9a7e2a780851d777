using System.Globalization;
using LeadScoring.Core.Domain;

namespace LeadScoring.Core.Features;

/// <summary>One invalid field of a lead.</summary>
/// <param name="Field">Raw column / JSON field name.</param>
/// <param name="Message">What is wrong.</param>
public sealed record LeadFieldError(string Field, string Message);

/// <summary>
/// The original API's bounds on a lead already parsed from JSON (the CSV reader applies the same rules):
/// llm_quality 0..100, llm_engagement and llm_decision_maker 0..1, llm_company_fit 0..2, summary ≤ 10,000,
/// skills ≤ 5,000, jobtitle ≤ 500 code points. NaN in a bounded numeric and any infinity are errors (the original
/// answered 500 for the first and silently scored the second); NaN in companyfoundedon means missing.
/// </summary>
public static class RawLeadValidator
{
    /// <summary>Every invalid field of the lead (empty when valid).</summary>
    public static IReadOnlyList<LeadFieldError> Validate(RawLead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var errors = new List<LeadFieldError>();
        foreach (var column in RawSchema.Columns)
        {
            if (column.Kind is RawColumnKind.Integer or RawColumnKind.Float)
            {
                CheckNumber(column, RawSchema.GetNumber(lead, column.Name), errors);
            }
            else if (column.MaxCodePoints is int max && RawSchema.GetString(lead, column.Name) is { } text && text.Length > max)
            {
                var length = TextFeatures.CodePointLength(text);
                if (length > max)
                {
                    errors.Add(new(column.Name, string.Create(CultureInfo.InvariantCulture, $"text is {length} code points long; the maximum is {max}.")));
                }
            }
        }
        return errors;
    }

    private static void CheckNumber(RawColumn column, double? value, List<LeadFieldError> errors)
    {
        if (value is not double v)
        {
            return;
        }
        if (double.IsNaN(v))
        {
            if (column.Minimum is not null || column.Maximum is not null)
            {
                errors.Add(new(column.Name, "NaN is not allowed here."));
            }
            return;
        }
        if (double.IsInfinity(v))
        {
            errors.Add(new(column.Name, "must be a finite number."));
        }
        else if ((column.Minimum is double lo && v < lo) || (column.Maximum is double hi && v > hi))
        {
            errors.Add(new(column.Name, string.Create(CultureInfo.InvariantCulture, $"{v} is out of range [{column.Minimum}, {column.Maximum}].")));
        }
    }
}
