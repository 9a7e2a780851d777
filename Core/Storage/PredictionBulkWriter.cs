using LeadScoring.Core.Storage.Configurations;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Rollups;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace LeadScoring.Core.Storage;

/// <summary>
/// Inserts many predictions inside the caller's transaction (and updates the hourly rollups they fall in): a prepared, reused command on SQLite and binary COPY on
/// PostgreSQL. EF Core change tracking costs ~15x the time and memory for bulk rows (notes/stack.md).
/// </summary>
public static class PredictionBulkWriter
{
    /// <summary>Writes <paramref name="rows"/> on the context's open connection and current transaction.</summary>
    public static async Task WriteAsync(LeadScoringDbContext db, IReadOnlyList<PredictionRecord> rows, CancellationToken cancellationToken = default)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk writes run inside a transaction so a batch is stored whole or not at all.");
        switch (connection)
        {
            case SqliteConnection sqlite:
                await WriteSqliteAsync(sqlite, (SqliteTransaction)transaction, rows, cancellationToken);
                break;
            case NpgsqlConnection npgsql:
                await WritePostgresAsync(npgsql, rows, cancellationToken);
                break;
            default:
                throw new NotSupportedException($"No bulk writer for {connection.GetType().Name}.");
        }
        await PredictionRollups.ApplyAsync(db, rows.Select(PredictionPoint.Of), +1, cancellationToken);
        await FeatureRollups.ApplyAsync(db, rows.Select(FeatureRow.Of), +1, cancellationToken);
    }

    private static async Task WriteSqliteAsync(SqliteConnection connection, SqliteTransaction transaction,
        IReadOnlyList<PredictionRecord> rows, CancellationToken cancellationToken)
    {
        _ = transaction; // the statements run on the connection, inside its open transaction
        await Task.Yield(); // callers are async; the loop below blocks a pool thread, never the caller's context
        // SQLite's own statement API, binding by position: the ADO.NET command binds each parameter by name on every
        // execution, which costs more than SQLite's insert itself (measured: ~2x for a batch's rows).
        var db = connection.Handle!;
        Check(db, raw.sqlite3_prepare_v2(db, """
            INSERT INTO predictions (TimestampMs, BatchId, ModelVersionId, Score, PredictedEngaged, ActualEngaged, InferenceMs, EndToEndMs, Features, Source, LeadId, RequestId, ShadowKey)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            """, out var statement));
        using (statement)
        {
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                raw.sqlite3_bind_int64(statement, 1, row.TimestampMs);
                _ = row.BatchId is { } batch ? raw.sqlite3_bind_int64(statement, 2, batch) : raw.sqlite3_bind_null(statement, 2);
                raw.sqlite3_bind_int(statement, 3, row.ModelVersionId);
                raw.sqlite3_bind_double(statement, 4, row.Score);
                raw.sqlite3_bind_int(statement, 5, row.PredictedEngaged ? 1 : 0);
                _ = row.ActualEngaged is { } actual ? raw.sqlite3_bind_int(statement, 6, actual) : raw.sqlite3_bind_null(statement, 6);
                raw.sqlite3_bind_double(statement, 7, row.InferenceMs);
                raw.sqlite3_bind_double(statement, 8, row.EndToEndMs);
                raw.sqlite3_bind_blob(statement, 9, row.Features);
                raw.sqlite3_bind_int(statement, 10, (int)row.Source);
                _ = row.LeadId is { } lead ? raw.sqlite3_bind_text(statement, 11, lead) : raw.sqlite3_bind_null(statement, 11);
                _ = row.RequestId is { } request ? raw.sqlite3_bind_text(statement, 12, request) : raw.sqlite3_bind_null(statement, 12);
                _ = row.ShadowKey is { } key ? raw.sqlite3_bind_blob(statement, 13, ShadowKeyBytes.ToBytes(key)) : raw.sqlite3_bind_null(statement, 13);
                var result = raw.sqlite3_step(statement);
                if (result != raw.SQLITE_DONE)
                {
                    Check(db, result);
                }
                raw.sqlite3_reset(statement);
            }
        }
    }

    // The same exception the ADO.NET driver raises, so store errors (busy, full, read-only) are classified alike.
    internal static void Check(sqlite3 db, int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), result & 0xFF, raw.sqlite3_extended_errcode(db));
        }
    }

    private static async Task WritePostgresAsync(NpgsqlConnection connection, IReadOnlyList<PredictionRecord> rows, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            """COPY predictions ("TimestampMs", "BatchId", "ModelVersionId", "Score", "PredictedEngaged", "ActualEngaged", "InferenceMs", "EndToEndMs", "Features", "Source", "LeadId", "RequestId", "ShadowKey") FROM STDIN (FORMAT BINARY)""",
            cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(row.TimestampMs, NpgsqlDbType.Bigint, cancellationToken);
            await WriteNullableAsync(importer, row.BatchId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(row.ModelVersionId, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(row.Score, NpgsqlDbType.Double, cancellationToken);
            await importer.WriteAsync(row.PredictedEngaged, NpgsqlDbType.Boolean, cancellationToken);
            await WriteNullableAsync(importer, row.ActualEngaged, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(row.InferenceMs, NpgsqlDbType.Double, cancellationToken);
            await importer.WriteAsync(row.EndToEndMs, NpgsqlDbType.Double, cancellationToken);
            await importer.WriteAsync(row.Features, NpgsqlDbType.Bytea, cancellationToken);
            await importer.WriteAsync((int)row.Source, NpgsqlDbType.Integer, cancellationToken);
            await WriteTextAsync(importer, row.LeadId, cancellationToken);
            await WriteTextAsync(importer, row.RequestId, cancellationToken);
            await (row.ShadowKey is { } key
                ? importer.WriteAsync(ShadowKeyBytes.ToBytes(key), NpgsqlDbType.Bytea, cancellationToken)
                : importer.WriteNullAsync(cancellationToken));
        }
        await importer.CompleteAsync(cancellationToken);
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } v ? importer.WriteAsync(v, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);
}
