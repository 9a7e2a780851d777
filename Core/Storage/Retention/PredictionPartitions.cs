using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Storage.Retention;

/// <summary>
/// The monthly partitions of the predictions table on PostgreSQL (migration PartitionPredictionsByMonth; SQLite has
/// none and every method here does nothing there). A month's partition is made by the database function
/// leadscoring_ensure_prediction_partition, the one definition of its name and bounds; this class decides which months
/// to ask for and drops whole expired months.
/// </summary>
public static partial class PredictionPartitions
{
    /// <summary>Where rows outside every month partition land until their month is created.</summary>
    public const string DefaultPartition = "predictions_default";

    /// <summary>One month partition and its bounds (From inclusive, To exclusive, epoch milliseconds).</summary>
    public sealed record Partition(string Name, long FromMs, long ToMs);

    /// <summary>What dropping a partition removed with it.</summary>
    public sealed record Dropped(Partition Partition, long Predictions, long Outcomes, long ShadowScores);

    public static bool Applies(LeadScoringDbContext db) => db.Database.IsNpgsql();

    /// <summary>
    /// Makes sure the current and the next month have a partition, and every month with rows in the default partition
    /// (its rows move into it). Returns the partitions created.
    /// </summary>
    public static async Task<int> EnsureAsync(LeadScoringDbContext db, long nowMs, CancellationToken cancellationToken = default)
    {
        if (!Applies(db))
        {
            return 0;
        }
        var stranded = await db.Database.SqlQueryRaw<long>($"""
            SELECT DISTINCT (extract(epoch FROM date_trunc('month', to_timestamp("TimestampMs" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint AS "Value"
            FROM {DefaultPartition}
            """).ToListAsync(cancellationToken);
        var months = stranded.Append(nowMs).Append(MonthStart(nowMs).AddMonths(1).ToUnixTimeMilliseconds());
        return await EnsureMonthsAsync(db, months, cancellationToken);
    }

    /// <summary>Makes sure every month from <paramref name="fromMs"/> to <paramref name="toMs"/> has a partition (a bulk load's range).</summary>
    public static async Task<int> EnsureRangeAsync(LeadScoringDbContext db, long fromMs, long toMs, CancellationToken cancellationToken = default)
    {
        if (!Applies(db))
        {
            return 0;
        }
        var months = new List<long>();
        for (var month = MonthStart(fromMs); month.ToUnixTimeMilliseconds() <= toMs; month = month.AddMonths(1))
        {
            months.Add(month.ToUnixTimeMilliseconds());
        }
        return await EnsureMonthsAsync(db, months, cancellationToken);
    }

    /// <summary>The month partitions, oldest first (the default partition is not one of them).</summary>
    public static async Task<IReadOnlyList<Partition>> ListAsync(LeadScoringDbContext db, CancellationToken cancellationToken = default)
    {
        if (!Applies(db))
        {
            return [];
        }
        var bounds = await db.Database.SqlQueryRaw<string>("""
            SELECT c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid) AS "Value"
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'predictions'::regclass
            """).ToListAsync(cancellationToken);
        return [.. bounds.Select(b => RangeBound().Match(b)).Where(m => m.Success)
            .Select(m => new Partition(m.Groups[1].Value, long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)))
            .OrderBy(p => p.FromMs)];
    }

    /// <summary>
    /// Drops one month partition with what goes with its predictions (their outcomes, their challenger scores, their
    /// hours' drift counts), inside the caller's transaction. Dropping is a catalog change, not a row-by-row delete,
    /// so a month of millions of rows goes in milliseconds.
    /// </summary>
    public static async Task<Dropped> DropAsync(LeadScoringDbContext db, Partition partition, CancellationToken cancellationToken = default)
    {
        // The table name comes from the catalog (made by our function) and is quoted; names cannot be parameters.
        var table = Quote(partition.Name);
        string count = $"SELECT count(*) AS \"Value\" FROM {table}",
            deleteOutcomes = $"DELETE FROM outcomes WHERE \"PredictionId\" IN (SELECT \"Id\" FROM {table})",
            deleteShadow = $"DELETE FROM shadow_scores WHERE \"Key\" IN (SELECT \"ShadowKey\" FROM {table} WHERE \"ShadowKey\" IS NOT NULL)",
            drop = $"DROP TABLE {table}";
        var predictions = await db.Database.SqlQueryRaw<long>(count).SingleAsync(cancellationToken);
        var outcomes = await db.Database.ExecuteSqlRawAsync(deleteOutcomes, cancellationToken);
        var shadow = await db.Database.ExecuteSqlRawAsync(deleteShadow, cancellationToken);
        // Whole hours go, so their drift counts go whole too (the same result as subtracting every row).
        await db.FeatureRollups.Where(r => r.HourMs >= partition.FromMs && r.HourMs < partition.ToMs).ExecuteDeleteAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(drop, cancellationToken);
        return new Dropped(partition, predictions, outcomes, shadow);
    }

    private static async Task<int> EnsureMonthsAsync(LeadScoringDbContext db, IEnumerable<long> months, CancellationToken cancellationToken)
    {
        var before = (await ListAsync(db, cancellationToken)).Count;
        foreach (var month in months.Select(m => MonthStart(m).ToUnixTimeMilliseconds()).Distinct().Order())
        {
            await db.Database.SqlQuery<string>($"SELECT leadscoring_ensure_prediction_partition({month}) AS \"Value\"").ToListAsync(cancellationToken);
        }
        return (await ListAsync(db, cancellationToken)).Count - before;
    }

    private static DateTimeOffset MonthStart(long ms)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return new DateTimeOffset(at.Year, at.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    // Names come from the catalog (made by our function); quoted anyway.
    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"^(\S+) FOR VALUES FROM \('(-?\d+)'\) TO \('(-?\d+)'\)$")]
    private static partial Regex RangeBound();
}
