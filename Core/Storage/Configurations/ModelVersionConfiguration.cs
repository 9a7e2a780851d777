using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadScoring.Core.Storage.Configurations;

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersionRecord>
{
    public void Configure(EntityTypeBuilder<ModelVersionRecord> builder)
    {
        builder.ToTable("model_versions");
        builder.HasKey(m => m.Id);
        builder.HasIndex(m => m.Version).IsUnique();
        builder.HasIndex(m => m.Status);
        builder.Property(m => m.Name).HasMaxLength(200);
        builder.Property(m => m.CreatedBy).HasMaxLength(256);
        builder.Property(m => m.Origin).HasMaxLength(32);
    }
}
