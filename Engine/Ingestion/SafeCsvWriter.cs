using System.Globalization;

namespace LeadScoring.Engine.Ingestion;

/// <summary>
/// Writes RFC 4180 CSV for exports (comma, '\n' line ends, quotes only where needed). Text cells that a
/// spreadsheet would run as a formula (starting with = + - @ tab or CR) are prefixed with an apostrophe;
/// numbers are written culture-invariant in shortest round-trip form and never altered.
/// </summary>
public sealed class SafeCsvWriter : IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _leaveOpen;
    private readonly bool _neutralizeFormulas;
    private bool _firstCell = true;

    /// <summary>Writes to <paramref name="writer"/>.</summary>
    /// <param name="writer">Destination.</param>
    /// <param name="leaveOpen">Keep the writer open on dispose.</param>
    /// <param name="neutralizeFormulas">Prefix formula-like text with "'" (turn off only for files read back by
    /// <see cref="LeadCsvReader"/>, where the prefix would change the data).</param>
    public SafeCsvWriter(TextWriter writer, bool leaveOpen = false, bool neutralizeFormulas = true)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _leaveOpen = leaveOpen;
        _neutralizeFormulas = neutralizeFormulas;
    }

    /// <summary>Text made safe for spreadsheets: "'" before a leading = + - @ tab or CR.</summary>
    public static string Neutralize(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    /// <summary>A double in culture-invariant shortest round-trip form ("R"); NaN and infinities as .NET spells them.</summary>
    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Quotes a cell if it holds a comma, quote, CR or LF (quotes doubled).</summary>
    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>Appends one text cell (null as an empty cell).</summary>
    public void WriteText(string? value)
    {
        Separate();
        if (value is not null)
        {
            _writer.Write(Quote(_neutralizeFormulas ? Neutralize(value) : value));
        }
    }

    /// <summary>Appends one numeric cell (null as an empty cell).</summary>
    public void WriteNumber(double? value)
    {
        Separate();
        if (value is double v)
        {
            _writer.Write(FormatNumber(v));
        }
    }

    /// <summary>Ends the current record.</summary>
    public void EndRow()
    {
        _writer.Write('\n');
        _firstCell = true;
    }

    /// <summary>Writes a whole record of text cells.</summary>
    public void WriteRow(IEnumerable<string?> cells)
    {
        foreach (var cell in cells)
        {
            WriteText(cell);
        }
        EndRow();
    }

    /// <summary>Writes a whole record of numbers.</summary>
    public void WriteRow(ReadOnlySpan<double> values)
    {
        foreach (var value in values)
        {
            WriteNumber(value);
        }
        EndRow();
    }

    /// <summary>Flushes, and disposes the writer unless asked to leave it open.</summary>
    public void Dispose()
    {
        _writer.Flush();
        if (!_leaveOpen)
        {
            _writer.Dispose();
        }
    }

    private void Separate()
    {
        if (!_firstCell)
        {
            _writer.Write(',');
        }
        _firstCell = false;
    }
}
