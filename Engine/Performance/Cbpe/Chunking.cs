using System.Globalization;

namespace LeadScoring.Engine.Performance.Cbpe;

/// <summary>A group of rows evaluated together (a NannyML chunk).</summary>
/// <param name="Index">Position of the chunk in its list (0-based).</param>
/// <param name="Key">NannyML's key: "[start:end]" (inclusive row positions) for size/number chunks, the pandas
/// period text ("2024-01-05", "2024-01-01/2024-01-07", "2024-01", …) for period chunks, or the caller's key.</param>
/// <param name="Rows">Row indices (into the data the chunker was given) in this chunk.</param>
/// <param name="Start">Period start (inclusive) for period chunks, otherwise the earliest timestamp when known.</param>
/// <param name="End">Period end (exclusive) for period chunks, otherwise the latest timestamp when known.</param>
public sealed record Chunk(int Index, string Key, int[] Rows, DateTime? Start = null, DateTime? End = null)
{
    /// <summary>Number of rows.</summary>
    public int Count => Rows.Length;
}

/// <summary>What a size-based chunker does with the rows left over after the last full chunk
/// (nannyml/chunk.py <c>SizeBasedChunker(incomplete=…)</c>).</summary>
public enum IncompleteChunk
{
    /// <summary>Keep them as a smaller last chunk (NannyML's default).</summary>
    Keep,

    /// <summary>Drop them.</summary>
    Drop,

    /// <summary>Append them to the last full chunk (kept as its own chunk when there is no full chunk).</summary>
    Append,
}

/// <summary>Calendar periods for <see cref="Chunking.ByPeriod"/> (pandas offset aliases h, D, W, M, Q, Y).</summary>
public enum ChunkPeriod
{
    /// <summary>Clock hour ("2024-01-05 13:00").</summary>
    Hour,

    /// <summary>Calendar day ("2024-01-05").</summary>
    Day,

    /// <summary>Monday-to-Sunday week, pandas "W" = "W-SUN" ("2024-01-01/2024-01-07").</summary>
    Week,

    /// <summary>Calendar month ("2024-01").</summary>
    Month,

    /// <summary>Calendar quarter ("2024Q1").</summary>
    Quarter,

    /// <summary>Calendar year ("2024").</summary>
    Year,
}

/// <summary>
/// NannyML 0.13's chunkers (nannyml/chunk.py) over row positions: <c>SizeBasedChunker</c>, <c>CountBasedChunker</c>,
/// <c>DefaultChunker</c> (10 chunks) and <c>PeriodBasedChunker</c>, plus chunks from caller-given keys.
/// </summary>
public static class Chunking
{
    /// <summary>NannyML's <c>DefaultChunker.DEFAULT_CHUNK_COUNT</c>.</summary>
    public const int DefaultChunkCount = 10;

    /// <summary>
    /// <c>SizeBasedChunker._split</c>: consecutive chunks of <paramref name="chunkSize"/> rows; the remainder is kept
    /// as a smaller last chunk, dropped, or appended to the last full chunk.
    /// </summary>
    public static IReadOnlyList<Chunk> BySize(int rowCount, int chunkSize, IncompleteChunk incomplete = IncompleteChunk.Keep)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        var ranges = new List<(int Start, int End)>();
        for (var start = 0; start + chunkSize - 1 < rowCount; start += chunkSize)
        {
            ranges.Add((start, start + chunkSize));
        }
        if (rowCount % chunkSize != 0)
        {
            var start = chunkSize * (rowCount / chunkSize);
            switch (incomplete)
            {
                case IncompleteChunk.Keep:
                    ranges.Add((start, rowCount));
                    break;
                case IncompleteChunk.Append when ranges.Count > 0:
                    ranges[^1] = (ranges[^1].Start, rowCount);
                    break;
                case IncompleteChunk.Append:
                    ranges.Add((start, rowCount));
                    break;
                case IncompleteChunk.Drop:
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(incomplete), incomplete, null);
            }
        }
        var chunks = new Chunk[ranges.Count];
        for (var i = 0; i < chunks.Length; i++)
        {
            var (start, end) = ranges[i];
            var rows = new int[end - start];
            for (var r = 0; r < rows.Length; r++)
            {
                rows[r] = start + r;
            }
            chunks[i] = new Chunk(i, string.Create(CultureInfo.InvariantCulture, $"[{start}:{end - 1}]"), rows);
        }
        return chunks;
    }

    /// <summary><c>CountBasedChunker</c>: chunk size ⌊rows / <paramref name="chunkNumber"/>⌋, then <see cref="BySize"/>
    /// (so rows not divisible by the number give one more, smaller chunk with <see cref="IncompleteChunk.Keep"/>).</summary>
    public static IReadOnlyList<Chunk> ByNumber(int rowCount, int chunkNumber, IncompleteChunk incomplete = IncompleteChunk.Keep)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkNumber);
        if (rowCount == 0)
        {
            return [];
        }
        var size = rowCount / chunkNumber;
        if (size == 0)
        {
            throw new ArgumentException($"{rowCount} rows cannot make {chunkNumber} chunks.", nameof(rowCount));
        }
        return BySize(rowCount, size, incomplete);
    }

    /// <summary><c>DefaultChunker</c>: size ⌊rows / 10⌋ with the remainder kept.</summary>
    public static IReadOnlyList<Chunk> Default(int rowCount) => ByNumber(rowCount, DefaultChunkCount);

    /// <summary>
    /// <c>PeriodBasedChunker</c>: rows sorted by timestamp (stable) and grouped by calendar period, one chunk per
    /// period that has rows, in time order. Timestamps are taken as given (no time-zone conversion).
    /// </summary>
    public static IReadOnlyList<Chunk> ByPeriod(IReadOnlyList<DateTime> timestamps, ChunkPeriod period)
    {
        ArgumentNullException.ThrowIfNull(timestamps);
        // Period of every row (rows usually arrive in time order, so the last period is checked first), then a
        // counting sort by period: O(n), rows of a period in row order (NannyML sorts by timestamp within the data;
        // the order of rows inside a chunk does not change any metric).
        var n = timestamps.Count;
        var periodOfRow = new int[n];
        var periods = new Dictionary<DateTime, int>();
        var starts = new List<DateTime>();
        var lastStart = DateTime.MinValue;
        var lastPeriod = -1;
        for (var row = 0; row < n; row++)
        {
            var start = PeriodStart(timestamps[row], period);
            if (lastPeriod < 0 || start != lastStart)
            {
                if (!periods.TryGetValue(start, out lastPeriod))
                {
                    lastPeriod = starts.Count;
                    periods[start] = lastPeriod;
                    starts.Add(start);
                }
                lastStart = start;
            }
            periodOfRow[row] = lastPeriod;
        }
        var byTime = Enumerable.Range(0, starts.Count).OrderBy(p => starts[p]).ToArray();
        var rank = new int[starts.Count];
        for (var i = 0; i < byTime.Length; i++)
        {
            rank[byTime[i]] = i;
        }
        var counts = new int[starts.Count];
        foreach (var p in periodOfRow)
        {
            counts[rank[p]]++;
        }
        var rows = counts.Select(c => new int[c]).ToArray();
        var fill = new int[starts.Count];
        for (var row = 0; row < n; row++)
        {
            var k = rank[periodOfRow[row]];
            rows[k][fill[k]++] = row;
        }
        var chunks = new Chunk[starts.Count];
        for (var k = 0; k < chunks.Length; k++)
        {
            var start = starts[byTime[k]];
            chunks[k] = new Chunk(k, PeriodKey(start, period), rows[k], start, PeriodEnd(start, period));
        }
        return chunks;
    }

    /// <summary>One chunk per distinct key (ordinal order of the keys); <paramref name="keys"/> has one key per row.</summary>
    public static IReadOnlyList<Chunk> ByKey(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return Enumerable.Range(0, keys.Count)
            .GroupBy(i => keys[i], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select((g, index) => new Chunk(index, g.Key, [.. g]))
            .ToArray();
    }

    /// <summary>Start of the calendar period containing <paramref name="time"/>.</summary>
    public static DateTime PeriodStart(DateTime time, ChunkPeriod period) => period switch
    {
        ChunkPeriod.Hour => new DateTime(time.Year, time.Month, time.Day, time.Hour, 0, 0, time.Kind),
        ChunkPeriod.Day => time.Date,
        ChunkPeriod.Week => time.Date.AddDays(-(((int)time.DayOfWeek + 6) % 7)),
        ChunkPeriod.Month => new DateTime(time.Year, time.Month, 1, 0, 0, 0, time.Kind),
        ChunkPeriod.Quarter => new DateTime(time.Year, (time.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, time.Kind),
        ChunkPeriod.Year => new DateTime(time.Year, 1, 1, 0, 0, 0, time.Kind),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    /// <summary>Start of the next period.</summary>
    public static DateTime PeriodEnd(DateTime start, ChunkPeriod period) => period switch
    {
        ChunkPeriod.Hour => start.AddHours(1),
        ChunkPeriod.Day => start.AddDays(1),
        ChunkPeriod.Week => start.AddDays(7),
        ChunkPeriod.Month => start.AddMonths(1),
        ChunkPeriod.Quarter => start.AddMonths(3),
        ChunkPeriod.Year => start.AddYears(1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    /// <summary>pandas' <c>str(Period)</c> for the period starting at <paramref name="start"/>.</summary>
    public static string PeriodKey(DateTime start, ChunkPeriod period) => period switch
    {
        ChunkPeriod.Hour => start.ToString("yyyy-MM-dd HH:00", CultureInfo.InvariantCulture),
        ChunkPeriod.Day => start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ChunkPeriod.Week => start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "/" +
            start.AddDays(6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ChunkPeriod.Month => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        ChunkPeriod.Quarter => string.Create(CultureInfo.InvariantCulture, $"{start.Year}Q{(start.Month - 1) / 3 + 1}"),
        ChunkPeriod.Year => start.Year.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };
}
