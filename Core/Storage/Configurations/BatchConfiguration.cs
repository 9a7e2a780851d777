using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadScoring.Core.Storage.Configurations;

internal sealed class BatchConfiguration : IEntityTypeConfiguration<BatchRecord>
{
    public void Configure(EntityTypeBuilder<BatchRecord> builder)
    {
        builder.ToTable("batches");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.FileName).HasMaxLength(260);
        builder.Property(b => b.UploadedBy).HasMaxLength(256);
        builder.Property(b => b.Schema).HasMaxLength(16);
        builder.Property(b => b.Message).HasMaxLength(1000);
        builder.HasIndex(b => b.CreatedAtUtc);
        builder.HasIndex(b => b.Status);
    }
}
