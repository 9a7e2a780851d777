using System.Globalization;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Features;

namespace LeadScoring.Engine.Ingestion;

/// <summary>One invalid field of a lead.</summary>
/// <param name="Field">Raw column / JSON field name.</param>
/// <param name="Message">What is wrong.</param>
public sealed record LeadFieldError(string Field, string Message);

/// <summary>
/// The bounds of the lead's schema (<see cref="RawColumn"/>: the original API's) on a lead already parsed from JSON;
/// the CSV reader applies the same rules. NaN in a bounded numeric and any infinity are errors (the original
/// answered 500 for the first and silently scored the second); NaN in an unbounded numeric means missing.
/// </summary>
public static class RawLeadValidator
{
    /// <summary>Every invalid field of the lead (empty when valid).</summary>
    public static IReadOnlyList<LeadFieldError> Validate(RawLead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var errors = new List<LeadFieldError>();
        for (var i = 0; i < lead.Schema.Columns.Count; i++)
        {
            var column = lead.Schema.Columns[i];
            if (column.IsNumeric)
            {
                CheckNumber(column, lead.GetNumber(i), errors);
            }
            else if (column.MaxCodePoints is int max && lead.GetString(i) is { } text && text.Length > max)
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
