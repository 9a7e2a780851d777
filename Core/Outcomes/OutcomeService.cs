using System.Data.Common;
using System.Globalization;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Engine.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LeadScoring.Core.Outcomes;

/// <summary>What a call's outcomes did.</summary>
/// <param name="Received">Outcomes in the call.</param>
/// <param name="Matched">Outcomes that labelled a prediction (new or updated).</param>
/// <param name="Updated">Of those, leads that already had an outcome, now replaced.</param>
/// <param name="UnmatchedCount">Outcomes whose lead has no prediction made before the outcome was observed.</param>
/// <param name="Unmatched">The first <see cref="OutcomeService.MaxListedUnmatched"/> unmatched lead ids.</param>
public sealed record OutcomeReport(int Received, int Matched, int Updated, int UnmatchedCount, IReadOnlyList<string> Unmatched);

/// <summary>
/// Labels stored predictions with the outcomes clients report later: each outcome labels its lead's latest prediction
/// made before the outcome was observed (<see cref="PredictionRecord.ActualEngaged"/>, <see cref="PredictionRecord.OutcomeAtMs"/>).
/// One outcome per lead: a second replaces the first (the earlier prediction loses its label if it differs) and the
/// replacement is audited. All of a call in one transaction: it is stored whole or not at all.
/// Authorization is the caller's job.
/// </summary>
public sealed class OutcomeService(ILeadScoringDbFactory dbFactory, StoreChangeNotifier notifier, TimeProvider time)
{
    /// <summary>Unmatched lead ids listed in a report (all are counted).</summary>
    public const int MaxListedUnmatched = 100;

    private const int LookupChunk = 2000;

    public async Task<OutcomeReport> RecordAsync(IReadOnlyList<OutcomeRow> outcomes, string receivedBy, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = dbFactory.CreateDbContext();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var candidates = new Dictionary<string, List<(long Id, long At)>>(StringComparer.Ordinal);
        var existing = new Dictionary<string, (long Id, long PredictionId)>(StringComparer.Ordinal);
        foreach (var chunk in outcomes.Select(o => o.LeadId).Chunk(LookupChunk))
        {
            var ids = chunk.ToList();
            foreach (var p in await db.Predictions.AsNoTracking().Where(p => p.LeadId != null && ids.Contains(p.LeadId))
                         .Select(p => new { p.Id, p.LeadId, p.TimestampMs }).ToListAsync(cancellationToken))
            {
                if (!candidates.TryGetValue(p.LeadId!, out var list))
                {
                    candidates[p.LeadId!] = list = [];
                }
                list.Add((p.Id, p.TimestampMs));
            }
            foreach (var o in await db.Outcomes.AsNoTracking().Where(o => ids.Contains(o.LeadId))
                         .Select(o => new { o.Id, o.LeadId, o.PredictionId }).ToListAsync(cancellationToken))
            {
                existing[o.LeadId] = (o.Id, o.PredictionId);
            }
        }

        await using var statements = new Statements(db, transaction);
        var unmatched = new List<string>();
        var unmatchedCount = 0;
        var matched = 0;
        var updated = new List<string>();
        foreach (var outcome in outcomes)
        {
            var observed = outcome.ObservedAt?.ToUnixTimeMilliseconds() ?? now;
            var prediction = candidates.TryGetValue(outcome.LeadId, out var list)
                ? list.Where(c => c.At < observed).OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Select(c => (long?)c.Id).FirstOrDefault()
                : null;
            if (prediction is not { } predictionId)
            {
                unmatchedCount++;
                if (unmatched.Count < MaxListedUnmatched)
                {
                    unmatched.Add(outcome.LeadId);
                }
                continue;
            }
            matched++;
            if (existing.TryGetValue(outcome.LeadId, out var before))
            {
                updated.Add(outcome.LeadId);
                if (before.PredictionId != predictionId)
                {
                    await statements.ClearLabelAsync(before.PredictionId, cancellationToken);
                }
                await statements.UpdateOutcomeAsync(before.Id, outcome.Converted, observed, now, predictionId, receivedBy, cancellationToken);
            }
            else
            {
                await statements.InsertOutcomeAsync(outcome.LeadId, outcome.Converted, observed, now, predictionId, receivedBy, cancellationToken);
            }
            await statements.LabelAsync(predictionId, outcome.Converted, observed, cancellationToken);
        }
        db.AuditLog.Add(new AuditRecord
        {
            TimestampUtc = time.GetUtcNow().UtcDateTime, UserName = receivedBy, Action = "record outcomes", Succeeded = true,
            Target = string.Create(CultureInfo.InvariantCulture, $"{outcomes.Count} outcomes"),
            Detail = string.Create(CultureInfo.InvariantCulture, $"matched {matched}, replaced {updated.Count}, unmatched {unmatchedCount}")
                + (updated.Count == 0 ? "" : "; replaced: " + string.Join(", ", updated.Take(20)) + (updated.Count > 20 ? ", …" : "")),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        notifier.Notify(StoreChange.Outcomes | StoreChange.Predictions);
        return new OutcomeReport(outcomes.Count, matched, updated.Count, unmatchedCount, unmatched);
    }

    /// <summary>Prepared statements on the call's transaction (one round trip per row, no change tracking).</summary>
    private sealed class Statements(LeadScoringDbContext db, IDbContextTransaction transaction) : IAsyncDisposable
    {
        private readonly Dictionary<string, DbCommand> _commands = [];

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _commands.Values)
            {
                await command.DisposeAsync();
            }
        }

        public Task ClearLabelAsync(long predictionId, CancellationToken cancellationToken) =>
            RunAsync("""UPDATE predictions SET "ActualEngaged" = NULL, "OutcomeAtMs" = NULL WHERE "Id" = @p0 AND "OutcomeAtMs" IS NOT NULL""",
                cancellationToken, predictionId);

        public Task LabelAsync(long predictionId, bool converted, long observedMs, CancellationToken cancellationToken) =>
            RunAsync("""UPDATE predictions SET "ActualEngaged" = @p0, "OutcomeAtMs" = @p1 WHERE "Id" = @p2""",
                cancellationToken, converted ? 1 : 0, observedMs, predictionId);

        public Task InsertOutcomeAsync(string leadId, bool converted, long observedMs, long receivedMs, long predictionId, string receivedBy,
            CancellationToken cancellationToken) =>
            RunAsync("""INSERT INTO outcomes ("LeadId", "Converted", "ObservedAtMs", "ReceivedAtMs", "PredictionId", "ReceivedBy") VALUES (@p0, @p1, @p2, @p3, @p4, @p5)""",
                cancellationToken, leadId, converted, observedMs, receivedMs, predictionId, receivedBy);

        public Task UpdateOutcomeAsync(long outcomeId, bool converted, long observedMs, long receivedMs, long predictionId, string receivedBy,
            CancellationToken cancellationToken) =>
            RunAsync("""UPDATE outcomes SET "Converted" = @p0, "ObservedAtMs" = @p1, "ReceivedAtMs" = @p2, "PredictionId" = @p3, "ReceivedBy" = @p4 WHERE "Id" = @p5""",
                cancellationToken, converted, observedMs, receivedMs, predictionId, receivedBy, outcomeId);

        private async Task RunAsync(string sql, CancellationToken cancellationToken, params object[] values)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = db.Database.GetDbConnection().CreateCommand();
                command.Transaction = transaction.GetDbTransaction();
                command.CommandText = sql;
                for (var i = 0; i < values.Length; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
                    command.Parameters.Add(parameter);
                }
                _commands[sql] = command;
            }
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i];
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
