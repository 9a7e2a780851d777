using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Rollups;
using Microsoft.Data.Sqlite;
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
    }

    private static async Task WriteSqliteAsync(SqliteConnection connection, SqliteTransaction transaction,
        IReadOnlyList<PredictionRecord> rows, CancellationToken cancellationToken)
    {
        await Task.Yield(); // callers are async; the loop below blocks a pool thread, never the caller's context
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO predictions (TimestampMs, BatchId, ModelVersionId, Score, PredictedEngaged, ActualEngaged, InferenceMs, EndToEndMs, Features, Source)
            VALUES ($t, $b, $m, $s, $p, $a, $i, $e, $f, $src)
            """;
        var t = Add(command, "$t");
        var b = Add(command, "$b");
        var m = Add(command, "$m");
        var s = Add(command, "$s");
        var p = Add(command, "$p");
        var a = Add(command, "$a");
        var i = Add(command, "$i");
        var e = Add(command, "$e");
        var f = Add(command, "$f");
        var src = Add(command, "$src");
        command.Prepare();
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            t.Value = row.TimestampMs;
            b.Value = (object?)row.BatchId ?? DBNull.Value;
            m.Value = row.ModelVersionId;
            s.Value = row.Score;
            p.Value = row.PredictedEngaged;
            a.Value = (object?)row.ActualEngaged ?? DBNull.Value;
            i.Value = row.InferenceMs;
            e.Value = row.EndToEndMs;
            f.Value = row.Features;
            src.Value = (int)row.Source;
            // Synchronous on purpose: Microsoft.Data.Sqlite has no real async I/O, and the async path costs ~2x per row.
            command.ExecuteNonQuery();
        }
    }

    private static SqliteParameter Add(SqliteCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static async Task WritePostgresAsync(NpgsqlConnection connection, IReadOnlyList<PredictionRecord> rows, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            """COPY predictions ("TimestampMs", "BatchId", "ModelVersionId", "Score", "PredictedEngaged", "ActualEngaged", "InferenceMs", "EndToEndMs", "Features", "Source") FROM STDIN (FORMAT BINARY)""",
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
        }
        await importer.CompleteAsync(cancellationToken);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } v ? importer.WriteAsync(v, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);
}
