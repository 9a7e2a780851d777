using System.Globalization;
using System.Text.Json;
using LeadScoring.Engine.Domain;

namespace LeadScoring.Engine.Ingestion;

/// <summary>One invalid field of a JSON request body, shaped like the original API's (pydantic) error entries.</summary>
/// <param name="Loc">Path to the field, e.g. ["body", "leads", 3, "llm_quality"].</param>
/// <param name="Msg">What is wrong, in words.</param>
/// <param name="Type">A stable machine code ("int_parsing", "string_type", "value_error", …).</param>
public sealed record ApiFieldError(IReadOnlyList<object> Loc, string Msg, string Type);

/// <summary>
/// Validates /predict bodies field by field, collecting every error (not only the first). This checks JSON types
/// (whole numbers may come as 80, 80.0 or "80"; null means missing; unknown keys are ignored); the value rules —
/// inclusive bounds, text lengths in code points as Python's len() — are <see cref="RawLeadValidator"/>'s, the same
/// ones the CSV reader applies.
/// </summary>
public static class LeadJsonValidator
{
    /// <summary>Reads one lead object; returns null and fills <paramref name="errors"/> when it is invalid.</summary>
    public static RawLead? Read(JsonElement element, IReadOnlyList<object> path, List<ApiFieldError> errors) =>
        Read(element, path, errors, RawSchema.Leads);

    /// <summary>As <see cref="Read(JsonElement, IReadOnlyList{object}, List{ApiFieldError})"/> for leads of <paramref name="schema"/>.</summary>
    public static RawLead? Read(JsonElement element, IReadOnlyList<object> path, List<ApiFieldError> errors, RawSchema schema)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ApiFieldError(path, "Input should be a JSON object of lead fields", "model_type"));
            return null;
        }
        var before = errors.Count;
        var numbers = new double?[schema.Columns.Count];
        var strings = new string?[schema.Columns.Count];
        for (var i = 0; i < schema.Columns.Count; i++)
        {
            var column = schema.Columns[i];
            if (!element.TryGetProperty(column.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            IReadOnlyList<object> fieldPath = [.. path, column.Name];
            if (column.IsNumeric)
            {
                numbers[i] = ReadNumber(value, column, fieldPath, errors);
            }
            else
            {
                strings[i] = ReadString(value, fieldPath, errors);
            }
        }
        var leadId = ReadLeadId(element, path, errors);
        var lead = RawLead.FromValues(schema, numbers, strings) with { LeadId = leadId };
        foreach (var invalid in RawLeadValidator.Validate(lead))
        {
            errors.Add(new ApiFieldError([.. path, invalid.Field], invalid.Message, "value_error"));
        }
        if (errors.Count == before)
        {
            return lead;
        }
        // Field order, as the original listed them (type errors were found first, value errors after).
        var mine = errors.GetRange(before, errors.Count - before)
            .OrderBy(e => (string)e.Loc[^1] == RawSchema.LeadIdColumn ? int.MaxValue : schema.IndexOf((string)e.Loc[^1])).ToList();
        errors.RemoveRange(before, mine.Count);
        errors.AddRange(mine);
        return null;
    }

    private static double? ReadNumber(JsonElement value, RawColumn column, IReadOnlyList<object> path, List<ApiFieldError> errors)
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
                ? new ApiFieldError(path, "Input should be a valid integer", "int_parsing")
                : new ApiFieldError(path, "Input should be a finite number", "finite_number"));
            return null;
        }
        if (integer && Math.Floor(number) != number)
        {
            errors.Add(new ApiFieldError(path, "Input should be a valid integer, got a number with a fractional part", "int_from_float"));
            return null;
        }
        if (integer && Math.Abs(number) > int.MaxValue)
        {
            errors.Add(new ApiFieldError(path, "Input should be an integer within the field's range", "int_too_large"));
            return null;
        }
        return number;
    }

    // lead_id: the client's key, stored with the prediction so later outcomes can label it; optional.
    private static string? ReadLeadId(JsonElement element, IReadOnlyList<object> path, List<ApiFieldError> errors)
    {
        if (!element.TryGetProperty(RawSchema.LeadIdColumn, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        IReadOnlyList<object> fieldPath = [.. path, RawSchema.LeadIdColumn];
        var id = ReadString(value, fieldPath, errors);
        if (id is not null && (id.Length == 0 || id.Length > RawSchema.MaxLeadIdLength))
        {
            errors.Add(new ApiFieldError(fieldPath, $"lead_id must have 1 to {RawSchema.MaxLeadIdLength} characters", "string_too_long"));
            return null;
        }
        return id;
    }

    private static string? ReadString(JsonElement value, IReadOnlyList<object> path, List<ApiFieldError> errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ApiFieldError(path, "Input should be a valid string", "string_type"));
            return null;
        }
        return value.GetString();
    }

}
