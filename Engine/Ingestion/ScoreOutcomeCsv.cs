using System.Globalization;
using Sylvan.Data.Csv;

namespace LeadScoring.Engine.Ingestion;

/// <summary>Scores with their outcomes where known: -1 unknown, 0 not converted, 1 converted.</summary>
public sealed record ScoredRows(double[] Scores, sbyte[] Outcomes)
{
    public int LabelledCount => Outcomes.Count(o => o >= 0);
}

/// <summary>
/// A CSV with a <c>score</c> column (a probability in [0, 1]) and a <c>converted</c> column (1/0, true/false,
/// yes/no; empty = unknown), for the performance CLI. Errors name the row (1 = first data row) and the column.
/// </summary>
public static class ScoreOutcomeCsv
{
    public const string ScoreColumn = "score";
    public const string ConvertedColumn = "converted";

    /// <summary>Reads the file; with <paramref name="requireOutcomes"/> every row needs a known outcome.</summary>
    public static ScoredRows Read(string path, bool requireOutcomes)
    {
        using var reader = File.OpenText(path);
        return Read(reader, Path.GetFileName(path), requireOutcomes);
    }

    public static ScoredRows Read(TextReader text, string name, bool requireOutcomes)
    {
        using var csv = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, Comment = '\0' });
        var scoreAt = Ordinal(csv, ScoreColumn);
        var convertedAt = Ordinal(csv, ConvertedColumn);
        if (scoreAt < 0)
        {
            throw new InvalidDataException($"{name}: no '{ScoreColumn}' column.");
        }
        if (convertedAt < 0 && requireOutcomes)
        {
            throw new InvalidDataException($"{name}: no '{ConvertedColumn}' column (the reference needs outcomes).");
        }
        var scores = new List<double>();
        var outcomes = new List<sbyte>();
        var row = 0;
        while (csv.Read())
        {
            row++;
            var scoreText = csv.GetString(scoreAt);
            if (!double.TryParse(scoreText, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || !(score is >= 0 and <= 1))
            {
                throw new InvalidDataException($"{name} row {row}, column '{ScoreColumn}': '{Short(scoreText)}' is not a probability between 0 and 1.");
            }
            var convertedText = convertedAt < 0 ? "" : csv.GetString(convertedAt).Trim().ToLowerInvariant();
            sbyte outcome = convertedText switch
            {
                "1" or "true" or "yes" => 1,
                "0" or "false" or "no" => 0,
                "" when !requireOutcomes => -1,
                _ => throw new InvalidDataException($"{name} row {row}, column '{ConvertedColumn}': " +
                    (convertedText.Length == 0 ? "is empty (the reference needs every outcome)." : $"'{Short(convertedText)}' is not one of 1, 0, true, false, yes, no.")),
            };
            scores.Add(score);
            outcomes.Add(outcome);
        }
        if (row == 0)
        {
            throw new InvalidDataException($"{name}: no data rows.");
        }
        return new ScoredRows([.. scores], [.. outcomes]);
    }

    private static int Ordinal(CsvDataReader csv, string column)
    {
        for (var i = 0; i < csv.FieldCount; i++)
        {
            if (string.Equals(csv.GetName(i).Trim(), column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
