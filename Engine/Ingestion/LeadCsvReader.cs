using System.Globalization;
using System.Text;
using LeadScoring.Engine.Domain;
using Sylvan.Data.Csv;

namespace LeadScoring.Engine.Ingestion;

/// <summary>
/// Reads a batch of leads from CSV (Sylvan.Data.Csv: quoted newlines, BOM, ',' / ';' / tab / '|' detected from
/// the header). The schema is detected from the header: a file with more model-only feature columns
/// (has_*, is_*, one-hot dummies…) than raw-only columns (llm_seniority, summary, jobtitle…) is processed,
/// any other file with at least one raw column is raw. Every problem is reported with its row and column;
/// a file with any error is rejected whole.
/// </summary>
public static class LeadCsvReader
{
    /// <summary>Reads a UTF-8 (BOM optional) CSV stream; the stream is left open.</summary>
    public static LeadBatchParseResult Read(Stream stream, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (FileSniffer.NotCsv(stream) is { } notCsv)
        {
            var issues = new IssueCollector(1);
            issues.Error(0, null, notCsv);
            return Finish(null, 0, null, null, null, issues);
        }
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return Read(reader, options);
    }

    /// <summary>Reads a CSV file.</summary>
    public static LeadBatchParseResult ReadFile(string path, CsvReadOptions? options = null)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, options);
    }

    /// <summary>Reads CSV text from a reader; the reader is left open.</summary>
    public static LeadBatchParseResult Read(TextReader reader, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= CsvReadOptions.Default;
        var issues = new IssueCollector(options.MaxIssueMessages);
        var sylvanOptions = new CsvDataReaderOptions
        {
            HasHeaders = true,
            // '#' would silently turn data lines into comments.
            Comment = '\0',
            OwnsReader = false,
            MaxBufferSize = 1 << 22,
        };
        if (options.Delimiter is char delimiter)
        {
            sylvanOptions.Delimiter = delimiter;
        }

        CsvDataReader csv;
        try
        {
            csv = CsvDataReader.Create(reader, sylvanOptions);
        }
        catch (CsvMissingHeadersException)
        {
            issues.Error(0, null, "The file is empty: it has no header row.");
            return Finish(null, 0, null, null, null, issues);
        }
        catch (FormatException)
        {
            // Sylvan's own message is not shown: responses never carry exception text.
            issues.Error(0, null, "The header row is not valid CSV (an unclosed quote, or a header longer than 4 MB).");
            return Finish(null, 0, null, null, null, issues);
        }

        using (csv)
        {
            var layout = HeaderLayout.Build(csv, options.ExpectedSchema, options.RawColumns, issues);
            if (layout is null)
            {
                return Finish(null, 0, null, null, null, issues);
            }
            var raw = layout.Schema == LeadBatchSchema.Raw ? new List<RawLead>() : null;
            var processed = layout.Schema == LeadBatchSchema.Processed ? new List<double[]>() : null;
            var labels = layout.LabelOrdinal >= 0 ? new List<int?>() : null;
            var rows = ReadRows(csv, layout, options, issues, raw, processed, labels);
            if (rows == 0)
            {
                issues.Warning(0, null, "The file has a header but no data rows.");
            }
            return Finish(layout.Schema, rows, raw, processed, labels, issues);
        }
    }

    private static int ReadRows(CsvDataReader csv, HeaderLayout layout, CsvReadOptions options, IssueCollector issues,
        List<RawLead>? raw, List<double[]>? processed, List<int?>? labels)
    {
        var row = 0;
        var cells = new string[csv.FieldCount];
        try
        {
            while (csv.Read())
            {
                if (csv.RowFieldCount <= 1 && csv.FieldCount > 1 && csv.GetString(0).Length == 0)
                {
                    continue; // a blank line is not a record
                }
                row++;
                if (row > options.MaxRows)
                {
                    issues.Error(row, null, string.Create(CultureInfo.InvariantCulture,
                        $"The file has more than {options.MaxRows} data rows, the limit."));
                    return row;
                }
                if (csv.RowFieldCount != csv.FieldCount)
                {
                    issues.Error(row, null, string.Create(CultureInfo.InvariantCulture,
                        $"The row has {csv.RowFieldCount} fields but the header has {csv.FieldCount}."));
                    continue;
                }
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = csv.GetString(i);
                }
                int? label = null;
                var ok = layout.LabelOrdinal < 0 || CellParser.TryLabel(cells[layout.LabelOrdinal], row, issues, out label);
                if (raw is not null)
                {
                    var lead = RawRowParser.Parse(options.RawColumns, cells, layout.Ordinals, row, issues);
                    if (lead is not null && ok && issues.ErrorCount == 0)
                    {
                        raw.Add(lead with { Engaged = label });
                    }
                }
                else
                {
                    var features = ProcessedRowParser.Parse(cells, layout.Ordinals, row, issues);
                    if (features is not null && ok && issues.ErrorCount == 0)
                    {
                        processed!.Add(features);
                    }
                }
                labels?.Add(label);
            }
        }
        catch (FormatException)
        {
            // Malformed quoting or an oversized record: Sylvan cannot resynchronise, so stop here.
            issues.Error(row + 1, null, "The record is not valid CSV (an unclosed or stray quote, or a record longer than 4 MB); " +
                "nothing after it could be read.");
            return row + 1;
        }
        return row;
    }

    private static LeadBatchParseResult Finish(LeadBatchSchema? schema, int rows, List<RawLead>? raw,
        List<double[]>? processed, List<int?>? labels, IssueCollector issues)
    {
        var ok = issues.ErrorCount == 0;
        return new LeadBatchParseResult
        {
            Schema = schema,
            RowCount = rows,
            RawRows = ok && raw is not null ? raw : [],
            ProcessedRows = ok && processed is not null ? processed : [],
            Labels = ok ? labels : null,
            Errors = issues.Errors,
            ErrorCount = issues.ErrorCount,
            Warnings = issues.Warnings,
            WarningCount = issues.WarningCount,
        };
    }
}
