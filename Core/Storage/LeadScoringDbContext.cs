using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Storage.Rollups;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Core.Storage;

/// <summary>
/// The one store: predictions, batches, model registry, request metrics, health probes, audit log and the sign-in
/// users (ASP.NET Core Identity tables). Each provider has a thin subclass that owns its migrations.
/// </summary>
public abstract class LeadScoringDbContext(DbContextOptions options) : IdentityDbContext<IdentityUser>(options)
{
    public DbSet<PredictionRecord> Predictions => Set<PredictionRecord>();
    public DbSet<OutcomeRecord> Outcomes => Set<OutcomeRecord>();
    public DbSet<BatchRecord> Batches => Set<BatchRecord>();
    public DbSet<DriftRunRecord> DriftRuns => Set<DriftRunRecord>();
    public DbSet<ModelVersionRecord> ModelVersions => Set<ModelVersionRecord>();
    public DbSet<ApiRequestRecord> ApiRequests => Set<ApiRequestRecord>();
    public DbSet<HealthProbeRecord> HealthProbes => Set<HealthProbeRecord>();
    public DbSet<AuditRecord> AuditLog => Set<AuditRecord>();
    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();
    public DbSet<ShadowScoreRecord> ShadowScores => Set<ShadowScoreRecord>();
    public DbSet<PredictionRollupRecord> PredictionRollups => Set<PredictionRollupRecord>();
    public DbSet<PredictionMinuteRollupRecord> PredictionMinuteRollups => Set<PredictionMinuteRollupRecord>();
    public DbSet<PredictionRollupStateRecord> PredictionRollupState => Set<PredictionRollupStateRecord>();
    public DbSet<FeatureRollupRecord> FeatureRollups => Set<FeatureRollupRecord>();
    public DbSet<AlertRuleSetRecord> AlertRuleSets => Set<AlertRuleSetRecord>();
    public DbSet<AlertRuleStateRecord> AlertRuleStates => Set<AlertRuleStateRecord>();
    public DbSet<AlertRecord> Alerts => Set<AlertRecord>();
    public DbSet<AlertSilenceRecord> AlertSilences => Set<AlertSilenceRecord>();
    public DbSet<PromotionRecord> Promotions => Set<PromotionRecord>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LeadScoringDbContext).Assembly);
    }

    /// <summary>Saves; predictions added or removed through the context also update the hourly rollups, atomically.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var (added, removed) = PredictionChanges();
        var (addedRows, removedRows) = FeatureChanges();
        if (added.Count == 0 && removed.Count == 0 && addedRows.Count == 0 && removedRows.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        if (!acceptAllChangesOnSuccess)
        {
            // The rollup update saves on this context too, which would write still-pending predictions a second time.
            throw new NotSupportedException("Predictions are saved with acceptAllChangesOnSuccess: true.");
        }
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await Rollups.PredictionRollups.ApplyAsync(this, added, +1, cancellationToken);
            await Rollups.PredictionRollups.ApplyAsync(this, removed, -1, cancellationToken);
            await Rollups.FeatureRollups.ApplyAsync(this, addedRows, +1, cancellationToken);
            await Rollups.FeatureRollups.ApplyAsync(this, removedRows, -1, cancellationToken);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
            return saved;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <inheritdoc cref="SaveChangesAsync(bool, CancellationToken)"/>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var (added, removed) = PredictionChanges();
        var (addedRows, removedRows) = FeatureChanges();
        // Only saves that touch predictions need the (async) rollup update; the rest stay plain synchronous saves.
        return added.Count == 0 && removed.Count == 0 && addedRows.Count == 0 && removedRows.Count == 0
            ? base.SaveChanges(acceptAllChangesOnSuccess)
            : SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();
    }

    // What feature rollups count of predictions added, removed or changed in what they count.
    private (List<FeatureRow> Added, List<FeatureRow> Removed) FeatureChanges()
    {
        List<FeatureRow> added = [], removed = [];
        foreach (var entry in ChangeTracker.Entries<PredictionRecord>())
        {
            if (entry.State == EntityState.Added)
            {
                added.Add(FeatureRow.Of(entry.Entity));
            }
            else if (entry.State == EntityState.Deleted)
            {
                removed.Add(FeatureRow.Of(entry.Entity));
            }
            else if (entry.State == EntityState.Modified)
            {
                var o = entry.OriginalValues;
                var before = new FeatureRow(o.GetValue<long>(nameof(PredictionRecord.TimestampMs)), o.GetValue<int>(nameof(PredictionRecord.ModelVersionId)),
                    o.GetValue<double>(nameof(PredictionRecord.Score)), o.GetValue<byte[]>(nameof(PredictionRecord.Features)));
                var after = FeatureRow.Of(entry.Entity);
                if (before.TimestampMs != after.TimestampMs || before.ModelVersionId != after.ModelVersionId || !before.Score.Equals(after.Score)
                    || !before.Features.AsSpan().SequenceEqual(after.Features))
                {
                    removed.Add(before);
                    added.Add(after);
                }
            }
        }
        return (added, removed);
    }

    private (List<PredictionPoint> Added, List<PredictionPoint> Removed) PredictionChanges()
    {
        List<PredictionPoint> added = [], removed = [];
        foreach (var entry in ChangeTracker.Entries<PredictionRecord>())
        {
            if (entry.State == EntityState.Added)
            {
                added.Add(PredictionPoint.Of(entry.Entity));
            }
            else if (entry.State == EntityState.Deleted)
            {
                removed.Add(PredictionPoint.Of(entry.Entity));
            }
            else if (entry.State == EntityState.Modified)
            {
                var original = entry.OriginalValues;
                var before = new PredictionPoint(original.GetValue<long>(nameof(PredictionRecord.TimestampMs)),
                    original.GetValue<int>(nameof(PredictionRecord.ModelVersionId)), original.GetValue<double>(nameof(PredictionRecord.Score)),
                    original.GetValue<bool>(nameof(PredictionRecord.PredictedEngaged)), original.GetValue<double>(nameof(PredictionRecord.InferenceMs)),
                    original.GetValue<double>(nameof(PredictionRecord.EndToEndMs)));
                var after = PredictionPoint.Of(entry.Entity);
                if (before != after)
                {
                    removed.Add(before);
                    added.Add(after);
                }
            }
        }
        return (added, removed);
    }
}

/// <summary>SQLite: the embedded default.</summary>
public sealed class SqliteLeadScoringDbContext(DbContextOptions<SqliteLeadScoringDbContext> options)
    : LeadScoringDbContext(options);

/// <summary>PostgreSQL: for deployments that outgrow one machine.</summary>
public sealed class PostgresLeadScoringDbContext(DbContextOptions<PostgresLeadScoringDbContext> options)
    : LeadScoringDbContext(options);
