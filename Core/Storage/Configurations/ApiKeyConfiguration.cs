using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadScoring.Core.Storage.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKeyRecord>
{
    public void Configure(EntityTypeBuilder<ApiKeyRecord> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Name).HasMaxLength(200);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.Hash).HasMaxLength(64);
        builder.Property(k => k.CreatedBy).HasMaxLength(256);
        // No model default: an explicit "" (no scopes) must never become the column default.
        builder.Property(k => k.Scopes).HasMaxLength(100);
        builder.HasIndex(k => k.Hash).IsUnique();
    }
}
