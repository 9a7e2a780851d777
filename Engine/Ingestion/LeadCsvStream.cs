using System.Globalization;
using LeadScoring.Engine.Domain;
using Sylvan.Data.Csv;

namespace LeadScoring.Engine.Ingestion;

/// <summary>Rows read by one <see cref="LeadCsvStream.ReadChunk"/> call; reused from call to call.</summary>
public sealed class LeadChunk
{
    /// <summary>Parsed leads of a raw file (label in <see cref="RawLead.Engaged"/>).</summary>
    public List<RawLead> Raw { get; } = [];

    /// <summary>Parsed 47-feature rows of a processed file.</summary>
    public List<double[]> Processed { get; } = [];

    /// <summary>The label per row, when the file has a label column.</summary>
    public List<int?> Labels { get; } = [];

    /// <summary>The client's key per row, when the file has a lead_id column.</summary>
    public List<string?> LeadIds { get; } = [];

    /// <summary>Rows held (raw or processed).</summary>
    public int Count => Raw.Count + Processed.Count;

    internal void Clear()
    {
        Raw.Clear();
        Processed.Clear();
        Labels.Clear();
        LeadIds.Clear();
    }
}

/// <summary>
/// Reads a CSV batch in chunks as it arrives, so a large upload is parsed while it is still being received and never
/// held whole: the header is checked on open, then <see cref="ReadChunk"/> hands out the next rows. Every row is
/// validated; once any row has an error no more rows are handed out (the file will be rejected) but reading goes on to
/// the end so every problem is listed. <see cref="LeadCsvReader"/> is this, read to the end into lists.
/// </summary>
public sealed class LeadCsvStream : IDisposable
{
    private readonly CsvDataReader? _csv;
    private readonly HeaderLayout? _layout;
    private readonly CsvReadOptions _options;
    private readonly IssueCollector _issues;
    private readonly string[] _cells;
    private readonly InvalidUtf8Marker? _invalidBytes;
    private bool _finished;

    private LeadCsvStream(CsvDataReader? csv, HeaderLayout? layout, CsvReadOptions options, IssueCollector issues, InvalidUtf8Marker? invalidBytes = null)
    {
        _invalidBytes = invalidBytes;
        _csv = csv;
        _layout = layout;
        _options = options;
        _issues = issues;
        _cells = new string[csv?.FieldCount ?? 0];
        _finished = layout is null;
    }

    /// <summary>The detected (or forced) schema; null when the header matched neither (the file is then rejected).</summary>
    public LeadBatchSchema? Schema => _layout?.Schema;

    /// <summary>True when the file has an <c>engaged</c> column.</summary>
    public bool HasLabels => _layout is { LabelOrdinal: >= 0 };

    /// <summary>Data records read so far, rejected ones included.</summary>
    public int RowCount { get; private set; }

    /// <summary>Errors so far; any error rejects the file.</summary>
    public int ErrorCount => _issues.ErrorCount;

    /// <summary>Opens a UTF-8 (BOM optional) CSV stream and reads its header; the stream is left open.</summary>
    public static LeadCsvStream Open(Stream stream, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= CsvReadOptions.Default;
        if (FileSniffer.NotCsv(stream, out var replay) is { } notCsv)
        {
            var issues = new IssueCollector(1);
            issues.Error(0, null, notCsv);
            return new LeadCsvStream(null, null, options, issues);
        }
        // Invalid bytes are refused (row and column named), never decoded to U+FFFD: that would silently make unseen categories.
        var utf8 = InvalidUtf8Marker.NewUtf8(out var invalidBytes);
        return Open(new StreamReader(replay, utf8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true), options, ownsReader: true, invalidBytes);
    }

    /// <summary>Opens CSV text from a reader and reads its header; the reader is left open.</summary>
    public static LeadCsvStream Open(TextReader reader, CsvReadOptions? options = null) => Open(reader, options ?? CsvReadOptions.Default, ownsReader: false);

    private static LeadCsvStream Open(TextReader reader, CsvReadOptions options, bool ownsReader, InvalidUtf8Marker? invalidBytes = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var issues = new IssueCollector(options.MaxIssueMessages);
        var sylvanOptions = new CsvDataReaderOptions
        {
            HasHeaders = true,
            // '#' would silently turn data lines into comments.
            Comment = '\0',
            OwnsReader = ownsReader,
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
            return new LeadCsvStream(null, null, options, issues);
        }
        catch (FormatException)
        {
            // Sylvan's own message is not shown: responses never carry exception text.
            issues.Error(0, null, "The header row is not valid CSV (an unclosed quote, or a header longer than 4 MB).");
            return new LeadCsvStream(null, null, options, issues);
        }
        if (invalidBytes is { Seen: true } && FirstMarked(csv, header: true) is int position)
        {
            issues.Error(0, string.Create(CultureInfo.InvariantCulture, $"column {position + 1}"), NotUtf8Message);
            return new LeadCsvStream(csv, null, options, issues);
        }
        var layout = HeaderLayout.Build(csv, options.ExpectedSchema, options.RawColumns, issues, options.AllowMissingColumns);
        return new LeadCsvStream(csv, layout, options, issues, invalidBytes);
    }

    /// <summary>
    /// Reads up to <paramref name="maxRows"/> more rows into <paramref name="chunk"/> (cleared first); false when the
    /// file has ended. After the first error the chunk stays empty while the rest of the file is still checked.
    /// </summary>
    public bool ReadChunk(LeadChunk chunk, int maxRows)
    {
        chunk.Clear();
        if (_finished)
        {
            return false;
        }
        var csv = _csv!;
        var layout = _layout!;
        try
        {
            while (chunk.Count < maxRows || _issues.ErrorCount > 0)
            {
                if (!csv.Read())
                {
                    Finish();
                    return chunk.Count > 0;
                }
                if (csv.RowFieldCount <= 1 && csv.FieldCount > 1 && csv.GetString(0).Length == 0)
                {
                    continue; // a blank line is not a record
                }
                RowCount++;
                var row = RowCount;
                if (row > _options.MaxRows)
                {
                    _issues.Error(row, null, string.Create(CultureInfo.InvariantCulture, $"The file has more than {_options.MaxRows} data rows, the limit (Uploads:MaxRows)."));
                    _finished = true;
                    return false;
                }
                if (csv.RowFieldCount != csv.FieldCount)
                {
                    _issues.Error(row, null, string.Create(CultureInfo.InvariantCulture, $"The row has {csv.RowFieldCount} fields but the header has {csv.FieldCount}."));
                    continue;
                }
                for (var i = 0; i < _cells.Length; i++)
                {
                    _cells[i] = csv.GetString(i);
                }
                if (_invalidBytes is { Seen: true } && FirstMarked(csv, header: false) is int bad)
                {
                    _issues.Error(row, csv.GetName(bad).Trim(), NotUtf8Message);
                    chunk.Clear();
                    _finished = true; // one message is enough: every later row is in the same encoding
                    return false;
                }
                int? label = null;
                string? leadId = null;
                var ok = layout.LabelOrdinal < 0 || CellParser.TryLabel(_cells[layout.LabelOrdinal], row, _issues, out label);
                ok &= layout.LeadIdOrdinal < 0 || CellParser.TryLeadId(_cells[layout.LeadIdOrdinal], row, _issues, out leadId);
                if (layout.Schema == LeadBatchSchema.Raw)
                {
                    var lead = RawRowParser.Parse(_options.RawColumns, _cells, layout.Ordinals, row, label, leadId, _issues);
                    if (lead is not null && ok && _issues.ErrorCount == 0)
                    {
                        chunk.Raw.Add(lead);
                        chunk.Labels.Add(label);
                        chunk.LeadIds.Add(leadId);
                    }
                }
                else
                {
                    var features = ProcessedRowParser.Parse(_cells, layout.Ordinals, row, _issues);
                    if (features is not null && ok && _issues.ErrorCount == 0)
                    {
                        chunk.Processed.Add(features);
                        chunk.Labels.Add(label);
                        chunk.LeadIds.Add(leadId);
                    }
                }
                if (_issues.ErrorCount > 0)
                {
                    chunk.Clear(); // the file will be rejected: hand out nothing more
                }
            }
            return true;
        }
        catch (FormatException)
        {
            // Malformed quoting or an oversized record: Sylvan cannot resynchronise, so stop here.
            _issues.Error(RowCount + 1, null, "The record is not valid CSV (an unclosed or stray quote, or a record longer than 4 MB); " +
                "nothing after it could be read.");
            RowCount++;
            chunk.Clear();
            _finished = true;
            return false;
        }
    }

    /// <summary>The outcome (schema, counts, issues); rows are the caller's, handed out chunk by chunk.</summary>
    public LeadBatchParseResult Summary(List<RawLead>? raw = null, List<double[]>? processed = null, List<int?>? labels = null)
    {
        var ok = _issues.ErrorCount == 0;
        return new LeadBatchParseResult
        {
            Schema = Schema,
            RowCount = RowCount,
            RawRows = ok && raw is not null ? raw : [],
            ProcessedRows = ok && processed is not null ? processed : [],
            Labels = ok && HasLabels ? labels : null,
            Errors = _issues.Errors,
            ErrorCount = _issues.ErrorCount,
            Warnings = _issues.Warnings,
            WarningCount = _issues.WarningCount,
        };
    }

    private const string NotUtf8Message = "The file is not valid UTF-8 (first bad byte here): probably Windows-1252 from Excel's plain " +
        "\"CSV\" save. Save it as \"CSV UTF-8 (Comma delimited)\" and upload again.";

    // The ordinal of the first header name or cell of the current row holding a byte that was not UTF-8.
    private static int? FirstMarked(CsvDataReader csv, bool header)
    {
        var count = header ? csv.FieldCount : csv.RowFieldCount;
        for (var i = 0; i < count; i++)
        {
            var text = header ? csv.GetName(i) : csv.GetString(i);
            if (text.Contains(InvalidUtf8Marker.Marker, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return null;
    }

    private void Finish()
    {
        if (_invalidBytes is { Seen: true } && _issues.ErrorCount == 0)
        {
            _issues.Error(0, null, NotUtf8Message); // the bad bytes were in a line that is not a record (a blank or ragged one)
        }
        if (!_finished && RowCount == 0)
        {
            _issues.Warning(0, null, "The file has a header but no data rows.");
        }
        _finished = true;
    }

    /// <inheritdoc />
    public void Dispose() => _csv?.Dispose();
}
