using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadScoring.Core.Storage.Configurations;

internal sealed class ApiRequestConfiguration : IEntityTypeConfiguration<ApiRequestRecord>
{
    public void Configure(EntityTypeBuilder<ApiRequestRecord> builder)
    {
        builder.ToTable("api_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Method).HasMaxLength(16);
        builder.Property(r => r.Endpoint).HasMaxLength(256);
        builder.HasIndex(r => new { r.TimestampMs, r.StatusCode });
    }
}
