using System.Globalization;
using Sylvan.Data.Csv;

namespace LeadScoring.Engine.Drift;

/// <summary>Bad drift input (unreadable CSV, no shared columns); the message names the row and column when it can.</summary>
public sealed class DriftInputException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads any CSV into a <see cref="DriftDataset"/> with pandas-like typing, so Evidently's column rules apply:
/// a column whose every non-missing field is a number is numeric (integer-typed when all fields are integer literals
/// and none is missing, as pandas int64), anything else is categorical. pandas' default missing markers
/// ("", NA, NaN, null, None, …) are missing values.
/// </summary>
public static class DriftCsvReader
{
    private static readonly HashSet<string> s_missingMarkers = new(StringComparer.Ordinal)
    {
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA",
        "NULL", "NaN", "None", "n/a", "nan", "null",
    };

    /// <summary>Reads the reference and current files and keeps the columns they share (reference order).</summary>
    /// <returns>Both datasets and the names of columns present in only one file.</returns>
    public static (DriftDataset Reference, DriftDataset Current, IReadOnlyList<string> Ignored) ReadPair(string referencePath, string currentPath)
    {
        var refHeader = ReadHeader(referencePath);
        var curHeader = ReadHeader(currentPath);
        var shared = refHeader.Where(curHeader.Contains).ToList();
        if (shared.Count == 0)
        {
            throw new DriftInputException($"'{referencePath}' and '{currentPath}' have no column in common.");
        }
        var ignored = refHeader.Concat(curHeader).Where(n => !shared.Contains(n)).Distinct().ToList();
        var reference = Read(referencePath, shared, null);
        var current = Read(currentPath, shared, null);
        // A column numeric on one side and text on the other is compared as categories on both sides.
        var mixed = shared.Where(n => reference.Find(n)!.GetType() != current.Find(n)!.GetType()).ToHashSet(StringComparer.Ordinal);
        if (mixed.Count > 0)
        {
            reference = Read(referencePath, shared, mixed);
            current = Read(currentPath, shared, mixed);
        }
        return (reference, current, ignored);
    }

    /// <summary>Reads the given columns (all when null); <paramref name="forceCategorical"/> columns are read as text.</summary>
    public static DriftDataset Read(string path, IReadOnlyList<string>? columns = null, ISet<string>? forceCategorical = null)
    {
        try
        {
            return ReadCore(path, columns, forceCategorical);
        }
        catch (Exception e) when (e is CsvFormatException or IOException)
        {
            throw new DriftInputException($"{path}: {e.Message}", e);
        }
    }

    private static DriftDataset ReadCore(string path, IReadOnlyList<string>? columns, ISet<string>? forceCategorical)
    {
        var header = ReadHeader(path);
        columns ??= header;
        var ordinals = columns.Select(c => Array.IndexOf(header, c)).ToArray();
        var numbers = columns.Select(_ => new List<double>()).ToArray();
        var isNumeric = columns.Select(c => forceCategorical is null || !forceCategorical.Contains(c)).ToArray();
        var isInteger = columns.Select(_ => true).ToArray();
        var texts = new List<string?>[columns.Count];
        var interned = columns.Select(_ => new Dictionary<string, string>(StringComparer.Ordinal)).ToArray();
        for (var pass = 0; pass < 2; pass++)
        {
            // Pass 0 parses numbers; pass 1 (only if needed) re-reads the columns that turned out to hold text.
            if (pass == 1 && isNumeric.All(x => x))
            {
                break;
            }
            using var reader = Open(path);
            var row = 0;
            while (reader.Read())
            {
                row++;
                if (reader.FieldCount < header.Length)
                {
                    throw new DriftInputException($"{path}: data record {row} has {reader.FieldCount} fields, the header has {header.Length}.");
                }
                for (var k = 0; k < columns.Count; k++)
                {
                    var field = reader.GetString(ordinals[k]);
                    if (pass == 1)
                    {
                        if (!isNumeric[k])
                        {
                            texts[k] ??= [];
                            texts[k].Add(s_missingMarkers.Contains(field) ? null : Intern(interned[k], field));
                        }
                        continue;
                    }
                    if (!isNumeric[k])
                    {
                        continue;
                    }
                    if (s_missingMarkers.Contains(field))
                    {
                        numbers[k].Add(double.NaN);
                        isInteger[k] = false;
                    }
                    else if (TryParseNumber(field, out var v, out var integerLiteral))
                    {
                        numbers[k].Add(v);
                        isInteger[k] &= integerLiteral;
                    }
                    else
                    {
                        isNumeric[k] = false;
                        numbers[k] = [];
                    }
                }
            }
        }
        var result = new DriftColumn[columns.Count];
        for (var k = 0; k < columns.Count; k++)
        {
            result[k] = isNumeric[k]
                ? new NumericDriftColumn(columns[k], [.. numbers[k]], isInteger[k] && numbers[k].Count > 0)
                : new CategoricalDriftColumn(columns[k], (texts[k] ?? []).ToArray());
        }
        return new DriftDataset(result);
    }

    private static string Intern(Dictionary<string, string> pool, string s)
    {
        if (!pool.TryGetValue(s, out var v))
        {
            pool[s] = v = s;
        }
        return v;
    }

    private static bool TryParseNumber(string s, out double value, out bool integerLiteral)
    {
        var t = s.Trim();
        integerLiteral = false;
        if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            value = l;
            integerLiteral = true;
            return true;
        }
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        switch (t.ToLowerInvariant())
        {
            case "inf" or "+inf" or "infinity" or "+infinity":
                value = double.PositiveInfinity;
                return true;
            case "-inf" or "-infinity":
                value = double.NegativeInfinity;
                return true;
            default:
                return false;
        }
    }

    private static string[] ReadHeader(string path)
    {
        using var reader = Open(path);
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        if (names.Length == 0 || names.All(string.IsNullOrWhiteSpace))
        {
            throw new DriftInputException($"{path}: no header row.");
        }
        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DriftInputException($"{path}: column '{duplicate.Key}' appears more than once in the header.");
        }
        return names;
    }

    private static CsvDataReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new DriftInputException($"File not found: {path}");
        }
        try
        {
            return CsvDataReader.Create(path, new CsvDataReaderOptions { HasHeaders = true });
        }
        catch (Exception e) when (e is IOException or CsvFormatException or UnauthorizedAccessException)
        {
            throw new DriftInputException($"{path}: {e.Message}", e);
        }
    }
}
