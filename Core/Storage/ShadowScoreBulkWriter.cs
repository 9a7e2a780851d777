using LeadScoring.Core.Storage.Configurations;
using LeadScoring.Core.Storage.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace LeadScoring.Core.Storage;

/// <summary>
/// Stores challenger scores in one short transaction: a prepared statement on SQLite, binary COPY on PostgreSQL. The
/// shadow worker writes thousands of rows a second beside the live traffic; EF Core's change tracking cost several
/// times the CPU of the insert itself (measured with a challenger at 2,000 requests/s, docs/performance.md).
/// </summary>
public static class ShadowScoreBulkWriter
{
    /// <summary>Writes <paramref name="rows"/> whole or not at all.</summary>
    public static void Write(LeadScoringDbContext db, IReadOnlyList<ShadowScoreRecord> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }
        db.Database.OpenConnection();
        using var transaction = db.Database.BeginTransaction();
        switch (db.Database.GetDbConnection())
        {
            case SqliteConnection sqlite:
                WriteSqlite(sqlite, rows);
                break;
            case NpgsqlConnection npgsql:
                WritePostgres(npgsql, rows);
                break;
            case var other:
                throw new NotSupportedException($"No bulk writer for {other.GetType().Name}.");
        }
        transaction.Commit();
    }

    private static void WriteSqlite(SqliteConnection connection, IReadOnlyList<ShadowScoreRecord> rows)
    {
        var db = connection.Handle!;
        PredictionBulkWriter.Check(db, raw.sqlite3_prepare_v2(db,
            "INSERT INTO shadow_scores (Key, TimestampMs, ChallengerVersionId, Score, PredictedEngaged) VALUES (?1, ?2, ?3, ?4, ?5)",
            out var statement));
        using (statement)
        {
            Span<byte> key = stackalloc byte[16];
            foreach (var row in rows)
            {
                ShadowKeyBytes.Write(row.Key, key);
                raw.sqlite3_bind_blob(statement, 1, key);
                raw.sqlite3_bind_int64(statement, 2, row.TimestampMs);
                raw.sqlite3_bind_int(statement, 3, row.ChallengerVersionId);
                raw.sqlite3_bind_double(statement, 4, row.Score);
                raw.sqlite3_bind_int(statement, 5, row.PredictedEngaged ? 1 : 0);
                var result = raw.sqlite3_step(statement);
                if (result != raw.SQLITE_DONE)
                {
                    PredictionBulkWriter.Check(db, result);
                }
                raw.sqlite3_reset(statement);
            }
        }
    }

    private static void WritePostgres(NpgsqlConnection connection, IReadOnlyList<ShadowScoreRecord> rows)
    {
        using var importer = connection.BeginBinaryImport(
            """COPY shadow_scores ("Key", "TimestampMs", "ChallengerVersionId", "Score", "PredictedEngaged") FROM STDIN (FORMAT BINARY)""");
        foreach (var row in rows)
        {
            importer.StartRow();
            importer.Write(ShadowKeyBytes.ToBytes(row.Key), NpgsqlDbType.Bytea);
            importer.Write(row.TimestampMs, NpgsqlDbType.Bigint);
            importer.Write(row.ChallengerVersionId, NpgsqlDbType.Integer);
            importer.Write(row.Score, NpgsqlDbType.Double);
            importer.Write(row.PredictedEngaged, NpgsqlDbType.Boolean);
        }
        importer.Complete();
    }
}
