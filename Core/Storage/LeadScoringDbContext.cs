using LeadScoring.Core.Storage.Entities;
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
    public DbSet<BatchRecord> Batches => Set<BatchRecord>();
    public DbSet<ModelVersionRecord> ModelVersions => Set<ModelVersionRecord>();
    public DbSet<ApiRequestRecord> ApiRequests => Set<ApiRequestRecord>();
    public DbSet<HealthProbeRecord> HealthProbes => Set<HealthProbeRecord>();
    public DbSet<AuditRecord> AuditLog => Set<AuditRecord>();
    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LeadScoringDbContext).Assembly);
    }
}

/// <summary>SQLite: the embedded default.</summary>
public sealed class SqliteLeadScoringDbContext(DbContextOptions<SqliteLeadScoringDbContext> options)
    : LeadScoringDbContext(options);

/// <summary>PostgreSQL: for deployments that outgrow one machine.</summary>
public sealed class PostgresLeadScoringDbContext(DbContextOptions<PostgresLeadScoringDbContext> options)
    : LeadScoringDbContext(options);
