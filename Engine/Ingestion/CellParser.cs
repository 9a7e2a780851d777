using System.Globalization;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Features;

namespace LeadScoring.Engine.Ingestion;

/// <summary>
/// Typed reading of single CSV cells with the original API's rules. Raw numerics: empty is missing; "NaN" is
/// missing too but warned about; infinities, overflow (1e400) and non-numbers are errors. Processed features
/// can never be missing, NaN or infinite.
/// </summary>
internal static class CellParser
{
    private const NumberStyles Styles = NumberStyles.Float;

    /// <summary>Shows a cell in a message, shortened so one bad summary does not flood the report.</summary>
    public static string Show(string cell) => cell.Length <= 40 ? $"'{cell}'" : $"'{cell[..37]}...'";

    /// <summary>A raw numeric cell; false (with an error) when invalid, value null when missing.</summary>
    public static bool TryRawNumber(string cell, RawColumn column, int row, IssueCollector issues, out double? value)
    {
        value = null;
        if (cell.Length == 0)
        {
            return true;
        }
        if (!double.TryParse(cell, Styles, CultureInfo.InvariantCulture, out var number))
        {
            issues.Error(row, column.Name, $"{Show(cell)} is not a number.");
            return false;
        }
        if (double.IsNaN(number))
        {
            issues.Warning(row, column.Name, "NaN is treated as missing (imputed with the median).");
            return true;
        }
        if (double.IsInfinity(number))
        {
            issues.Error(row, column.Name, $"{Show(cell)} is not a finite number.");
            return false;
        }
        if (column.Kind == RawColumnKind.Integer && Math.Floor(number) != number)
        {
            issues.Error(row, column.Name, $"{Show(cell)} is not a whole number.");
            return false;
        }
        if (!InRange(number, column.Minimum, column.Maximum))
        {
            issues.Error(row, column.Name, $"{Show(cell)} is out of range [{Bound(column.Minimum)}, {Bound(column.Maximum)}].");
            return false;
        }
        value = number;
        return true;
    }

    /// <summary>A raw string cell; empty is missing; text longer than the API maximum is an error.</summary>
    public static bool TryRawString(string cell, RawColumn column, int row, IssueCollector issues, out string? value)
    {
        value = cell.Length == 0 ? null : cell;
        if (cell.Contains('\uFFFD', StringComparison.Ordinal))
        {
            issues.Warning(row, column.Name, "contains U+FFFD (\uFFFD), the mark of text damaged by an earlier conversion; check the source and save as CSV UTF-8.");
        }
        if (column.MaxCodePoints is int max && cell.Length > max)
        {
            var length = TextFeatures.CodePointLength(cell);
            if (length > max)
            {
                issues.Error(row, column.Name, string.Create(CultureInfo.InvariantCulture,
                    $"text is {length} code points long; the maximum is {max}."));
                return false;
            }
        }
        return true;
    }

    /// <summary>A processed feature cell, checked against its feature kind.</summary>
    public static bool TryFeature(string cell, FeatureDefinition feature, int row, IssueCollector issues, out double value)
    {
        value = 0;
        if (cell.Length == 0)
        {
            issues.Error(row, feature.Name, "is empty; processed features cannot be missing.");
            return false;
        }
        if (!double.TryParse(cell, Styles, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            issues.Error(row, feature.Name, $"{Show(cell)} is not a finite number.");
            return false;
        }
        var (ok, expectation) = feature.Kind switch
        {
            FeatureKind.Flag or FeatureKind.OneHot => (value is 0.0 or 1.0, "must be 0 or 1"),
            FeatureKind.Count => (value >= 0 && Math.Floor(value) == value, "must be a non-negative whole number"),
            FeatureKind.TargetEncoded => (value is >= 0.0 and <= 1.0, "must be in [0, 1]"),
            _ => NumericBounds(feature.Name, value),
        };
        if (!ok)
        {
            issues.Error(row, feature.Name, $"{Show(cell)} {expectation}.");
        }
        return ok;
    }

    /// <summary>The engaged label: empty is unknown; otherwise 0 or 1 ("0.0"/"1.0" accepted).</summary>
    public static bool TryLabel(string cell, int row, IssueCollector issues, out int? label)
    {
        label = null;
        if (cell.Length == 0)
        {
            return true;
        }
        if (double.TryParse(cell, Styles, CultureInfo.InvariantCulture, out var number) && number is 0.0 or 1.0)
        {
            label = (int)number;
            return true;
        }
        issues.Error(row, RawSchema.LabelColumn, $"{Show(cell)} must be 0 or 1 (or empty when unknown).");
        return false;
    }

    /// <summary>The lead_id cell: empty is none; otherwise at most <see cref="RawSchema.MaxLeadIdLength"/> characters.</summary>
    public static bool TryLeadId(string cell, int row, IssueCollector issues, out string? leadId)
    {
        leadId = cell.Length == 0 ? null : cell;
        if (cell.Length > RawSchema.MaxLeadIdLength)
        {
            issues.Error(row, RawSchema.LeadIdColumn, string.Create(CultureInfo.InvariantCulture,
                $"is {cell.Length} characters long; at most {RawSchema.MaxLeadIdLength} are allowed."));
            return false;
        }
        return true;
    }

    private static (bool, string) NumericBounds(string name, double value)
    {
        var column = RawSchema.Leads[name];
        return (InRange(value, column.Minimum, column.Maximum),
            $"is out of range [{Bound(column.Minimum)}, {Bound(column.Maximum)}]");
    }

    private static bool InRange(double value, double? min, double? max) =>
        (min is not double lo || value >= lo) && (max is not double hi || value <= hi);

    private static string Bound(double? bound) =>
        bound is double b ? b.ToString(CultureInfo.InvariantCulture) : "unbounded";
}
