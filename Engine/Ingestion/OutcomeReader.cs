using System.Globalization;
using System.Text;
using System.Text.Json;
using LeadScoring.Engine.Domain;
using Sylvan.Data.Csv;

namespace LeadScoring.Engine.Ingestion;

/// <summary>One reported outcome: did the lead convert, and when (null: when it was received).</summary>
/// <param name="Row">1-based position in the call (array index + 1, or CSV data record number).</param>
/// <param name="LeadId">The client's key for the lead.</param>
/// <param name="Converted">True when the lead converted (engaged).</param>
/// <param name="ObservedAt">When the outcome happened; null means "now".</param>
public sealed record OutcomeRow(int Row, string LeadId, bool Converted, DateTimeOffset? ObservedAt);

/// <summary>Outcomes read from a call, and every problem with its row and field.</summary>
public sealed record OutcomeParseResult(IReadOnlyList<OutcomeRow> Rows, IReadOnlyList<CsvIssue> Invalid, int InvalidCount)
{
    /// <summary>True when every row was valid.</summary>
    public bool Succeeded => InvalidCount == 0;
}

/// <summary>
/// Reads outcomes as JSON (<c>[{"lead_id": "...", "converted": true, "observed_at": "2026-11-30T10:00:00Z"}]</c>) or
/// CSV (<c>lead_id,converted[,observed_at]</c>), with the same rules: lead_id 1–128 characters and given once per call;
/// converted true/false/1/0/yes/no (any case; JSON also true/false/1/0); observed_at ISO-8601, UTC unless it carries
/// an offset, optional. Every problem names its row and field; a call with any problem is refused whole.
/// </summary>
public static class OutcomeReader
{
    /// <summary>The CSV columns an outcomes file has (the third optional).</summary>
    public static IReadOnlyList<string> Columns { get; } = [RawSchema.LeadIdColumn, "converted", "observed_at"];

    /// <summary>True when a CSV header (its field names) is an outcomes file rather than a lead batch.</summary>
    public static bool IsOutcomesHeader(IEnumerable<string> names)
    {
        var set = names.Select(n => n.Trim().TrimStart('\uFEFF')).ToHashSet(StringComparer.Ordinal);
        return set.Contains(RawSchema.LeadIdColumn) && set.Contains("converted") && set.IsSubsetOf(Columns);
    }

    /// <summary>Reads a JSON array of outcome objects.</summary>
    public static OutcomeParseResult ReadJson(JsonElement root, int maxRows)
    {
        var issues = new IssueCollector(100);
        var rows = new List<OutcomeRow>();
        if (root.ValueKind != JsonValueKind.Array)
        {
            issues.Error(0, null, "The body must be a JSON array of outcomes: [{\"lead_id\": \"...\", \"converted\": true}].");
            return Result(rows, issues);
        }
        if (root.GetArrayLength() > maxRows)
        {
            issues.Error(0, null, string.Create(CultureInfo.InvariantCulture, $"The call has {root.GetArrayLength()} outcomes; at most {maxRows} per call (Outcomes:MaxPerCall)."));
            return Result(rows, issues);
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var row = 0;
        foreach (var item in root.EnumerateArray())
        {
            row++;
            if (item.ValueKind != JsonValueKind.Object)
            {
                issues.Error(row, null, "must be an object with lead_id and converted.");
                continue;
            }
            var leadId = item.TryGetProperty(RawSchema.LeadIdColumn, out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
            string? convertedText = item.TryGetProperty("converted", out var c) ? c.ValueKind switch
            {
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number or JsonValueKind.String => c.ToString(),
                _ => "",
            } : null;
            var observedText = item.TryGetProperty("observed_at", out var o) && o.ValueKind != JsonValueKind.Null
                ? o.ValueKind == JsonValueKind.String ? o.GetString() : "" : null;
            Add(rows, issues, seen, row, leadId, convertedText, observedText);
        }
        return Result(rows, issues);
    }

    /// <summary>Reads an outcomes CSV (UTF-8, header first).</summary>
    public static OutcomeParseResult ReadCsv(Stream csv, int maxRows)
    {
        var issues = new IssueCollector(100);
        var rows = new List<OutcomeRow>();
        using var reader = new StreamReader(csv, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        try
        {
            using var data = CsvDataReader.Create(reader, new CsvDataReaderOptions { HasHeaders = true, Comment = '\0' });
            var names = Enumerable.Range(0, data.FieldCount).Select(i => data.GetName(i).Trim().TrimStart('\uFEFF')).ToArray();
            var leadColumn = Array.IndexOf(names, RawSchema.LeadIdColumn);
            var convertedColumn = Array.IndexOf(names, "converted");
            var observedColumn = Array.IndexOf(names, "observed_at");
            if (leadColumn < 0 || convertedColumn < 0)
            {
                issues.Error(0, leadColumn < 0 ? RawSchema.LeadIdColumn : "converted", "The header must have lead_id and converted (and optionally observed_at).");
                return Result(rows, issues);
            }
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var row = 0;
            while (data.Read())
            {
                row++;
                if (row > maxRows)
                {
                    issues.Error(row, null, string.Create(CultureInfo.InvariantCulture, $"The file has more than {maxRows} outcomes, the limit per call (Outcomes:MaxPerCall)."));
                    break;
                }
                if (data.RowFieldCount != data.FieldCount)
                {
                    issues.Error(row, null, string.Create(CultureInfo.InvariantCulture, $"The row has {data.RowFieldCount} fields but the header has {data.FieldCount}."));
                    continue;
                }
                Add(rows, issues, seen, row, data.GetString(leadColumn), data.GetString(convertedColumn),
                    observedColumn < 0 || data.GetString(observedColumn).Length == 0 ? null : data.GetString(observedColumn));
            }
        }
        catch (CsvMissingHeadersException)
        {
            issues.Error(0, null, "The file is empty: it has no header row.");
        }
        catch (DecoderFallbackException)
        {
            issues.Error(0, null, "The file is not valid UTF-8 text; save it as CSV UTF-8.");
        }
        catch (FormatException)
        {
            issues.Error(rows.Count + 1, null, "The record is not valid CSV (an unclosed or stray quote).");
        }
        return Result(rows, issues);
    }

    private static void Add(List<OutcomeRow> rows, IssueCollector issues, Dictionary<string, int> seen, int row, string? leadId,
        string? convertedText, string? observedText)
    {
        var ok = true;
        if (string.IsNullOrEmpty(leadId) || leadId.Length > RawSchema.MaxLeadIdLength)
        {
            issues.Error(row, RawSchema.LeadIdColumn, string.Create(CultureInfo.InvariantCulture, $"must be a text of 1 to {RawSchema.MaxLeadIdLength} characters."));
            ok = false;
        }
        else if (seen.TryGetValue(leadId, out var first))
        {
            issues.Error(row, RawSchema.LeadIdColumn, string.Create(CultureInfo.InvariantCulture, $"'{Show(leadId)}' was already given at row {first}; send one outcome per lead."));
            ok = false;
        }
        else
        {
            seen[leadId] = row;
        }
        bool? converted = convertedText?.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => null,
        };
        if (converted is null)
        {
            issues.Error(row, "converted", convertedText is null ? "is missing." : $"'{Show(convertedText)}' is not one of true, false, 1, 0, yes, no.");
            ok = false;
        }
        DateTimeOffset? observed = null;
        if (observedText is not null)
        {
            if (DateTimeOffset.TryParse(observedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                observed = at;
            }
            else
            {
                issues.Error(row, "observed_at", $"'{Show(observedText)}' is not an ISO-8601 time, e.g. 2026-11-30T10:00:00Z.");
                ok = false;
            }
        }
        if (ok)
        {
            rows.Add(new OutcomeRow(row, leadId!, converted!.Value, observed));
        }
    }

    private static string Show(string text) => text.Length <= 40 ? text : text[..37] + "...";

    private static OutcomeParseResult Result(List<OutcomeRow> rows, IssueCollector issues) =>
        new(issues.ErrorCount == 0 ? rows : [], issues.Errors, issues.ErrorCount);
}
