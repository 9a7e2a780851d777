using System.Text.RegularExpressions;

namespace LeadScoring.Engine.Ingestion;

/// <summary>
/// Company-size ranges that a spreadsheet turned into dates: Excel reads "2-10" as 2 February (shown "10-Feb" or
/// "Feb-10") and "11-50" as November 1950 ("Nov-50"). Known cases are restored with a warning; other date-like
/// sizes are kept (they become an unseen category) with a warning naming the row and column.
/// </summary>
internal static partial class SpreadsheetDamage
{
    private static readonly Dictionary<string, string> s_companySizes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["10-Feb"] = "2-10", ["Feb-10"] = "2-10", ["Nov-50"] = "11-50", ["50-Nov"] = "11-50",
    };

    /// <summary>The repaired company size (or the value itself), warning when it looks like a spreadsheet date.</summary>
    public static string? RepairCompanySize(string? value, string column, int row, IssueCollector issues)
    {
        if (value is null || value.Length > 16)
        {
            return value;
        }
        if (s_companySizes.TryGetValue(value.Trim(), out var repaired))
        {
            issues.Warning(row, column, $"{CellParser.Show(value)} looks like a spreadsheet turned '{repaired}' into a date; read as '{repaired}'.");
            return repaired;
        }
        if (DateLike().IsMatch(value))
        {
            issues.Warning(row, column, $"{CellParser.Show(value)} looks like a date (a spreadsheet may have changed a size range); kept as an unknown size.");
        }
        return value;
    }

    [GeneratedRegex(@"^(\d{1,2}-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{1,4}|\d{1,4}[/.]\d{1,2}[/.]\d{1,4})$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateLike();
}
