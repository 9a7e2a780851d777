using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadScoring.Core.Storage.Configurations;

internal sealed class FeatureRollupConfiguration : IEntityTypeConfiguration<FeatureRollupRecord>
{
    public void Configure(EntityTypeBuilder<FeatureRollupRecord> builder)
    {
        builder.ToTable("feature_rollups");
        builder.HasKey(r => r.Id);
        // Window drift reads a range of hours; compaction groups an hour's deltas per version and reference.
        builder.HasIndex(r => new { r.HourMs, r.ModelVersionId, r.ReferenceHash });
        builder.Property(r => r.Counts).IsRequired();
    }
}
