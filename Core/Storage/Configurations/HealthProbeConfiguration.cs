using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadScoring.Core.Storage.Configurations;

internal sealed class HealthProbeConfiguration : IEntityTypeConfiguration<HealthProbeRecord>
{
    public void Configure(EntityTypeBuilder<HealthProbeRecord> builder)
    {
        builder.ToTable("health_probes");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Target).HasMaxLength(512);
        builder.Property(h => h.Status).HasMaxLength(64);
        builder.Property(h => h.Detail).HasMaxLength(1000);
        builder.HasIndex(h => new { h.Target, h.TimestampMs });
    }
}
