using System.Globalization;
using Sylvan.Data.Csv;

namespace LeadScoring.Engine.Scoring;

/// <summary>Processed (model-ready) feature rows read from a CSV: a row-major matrix plus requested extra columns.</summary>
/// <param name="FeatureColumns">The feature columns, in matrix order.</param>
/// <param name="RowCount">Number of data records.</param>
/// <param name="Features">Row-major values, <c>RowCount × FeatureColumns.Count</c>.</param>
/// <param name="ExtraColumns">Requested non-feature columns as raw text, one entry per row.</param>
public sealed record ProcessedFeatureTable(
    IReadOnlyList<string> FeatureColumns, int RowCount, double[] Features,
    IReadOnlyDictionary<string, string[]> ExtraColumns)
{
    /// <summary>The features of one row (0-based).</summary>
    public ReadOnlySpan<double> Row(int index) =>
        Features.AsSpan(index * FeatureColumns.Count, FeatureColumns.Count);
}

/// <summary>
/// Reads CSVs of processed features (header row; columns found by name, any order, extra columns ignored).
/// Values are parsed with the invariant culture to the exact double; "NaN" is accepted, an empty cell is an error.
/// </summary>
public static class ProcessedFeatureCsv
{
    /// <summary>Reads a file; see <see cref="Read"/>.</summary>
    public static ProcessedFeatureTable ReadFile(string path, IReadOnlyList<string> featureColumns,
        IReadOnlyList<string>? extraColumns = null)
    {
        using var reader = new StreamReader(path);
        return Read(reader, featureColumns, extraColumns);
    }

    /// <summary>
    /// Reads every record. Errors name the 1-based data record number and the column.
    /// </summary>
    public static ProcessedFeatureTable Read(TextReader reader, IReadOnlyList<string> featureColumns,
        IReadOnlyList<string>? extraColumns = null)
    {
        ArgumentNullException.ThrowIfNull(featureColumns);
        extraColumns ??= [];
        // Records may be long (raw request JSON beside the features): let the buffer grow.
        using var csv = CsvDataReader.Create(reader, new CsvDataReaderOptions { MaxBufferSize = 1 << 24 });
        var featureOrdinals = featureColumns.Select(c => Ordinal(csv, c)).ToArray();
        var extraOrdinals = extraColumns.Select(c => Ordinal(csv, c)).ToArray();
        var values = new List<double>();
        var extras = extraColumns.Select(_ => new List<string>()).ToArray();
        var record = 0;
        while (csv.Read())
        {
            record++;
            for (var j = 0; j < featureOrdinals.Length; j++)
            {
                var text = csv.GetString(featureOrdinals[j]);
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    throw new FormatException(text.Length == 0
                        ? $"Row {record}, column '{featureColumns[j]}': the value is empty."
                        : $"Row {record}, column '{featureColumns[j]}': '{text}' is not a number.");
                }
                values.Add(value);
            }
            for (var j = 0; j < extraOrdinals.Length; j++)
            {
                extras[j].Add(csv.GetString(extraOrdinals[j]));
            }
        }
        var extraMap = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var j = 0; j < extraColumns.Count; j++)
        {
            extraMap[extraColumns[j]] = [.. extras[j]];
        }
        return new ProcessedFeatureTable(featureColumns, record, [.. values], extraMap);
    }

    private static int Ordinal(CsvDataReader csv, string column)
    {
        for (var i = 0; i < csv.FieldCount; i++)
        {
            if (string.Equals(csv.GetName(i), column, StringComparison.Ordinal))
            {
                return i;
            }
        }
        throw new FormatException($"Column '{column}' is missing from the CSV header.");
    }
}
