using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadScoring.Core.Storage.Configurations;

internal sealed class PromotionConfiguration : IEntityTypeConfiguration<PromotionRecord>
{
    public void Configure(EntityTypeBuilder<PromotionRecord> builder)
    {
        builder.ToTable("promotions");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Kind).HasMaxLength(16);
        builder.Property(p => p.CreatedBy).HasMaxLength(256);
        builder.Property(p => p.FromLabel).HasMaxLength(32);
        builder.Property(p => p.ToLabel).HasMaxLength(32);
        builder.Property(p => p.Reason).HasMaxLength(500);
        builder.Property(p => p.PolicyVerdict).HasMaxLength(32);
        // No foreign keys to model_versions: the record is evidence and must outlive any change to the registry.
        builder.HasIndex(p => p.CreatedAtUtc);
    }
}
