using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadScoring.Core.Storage.Configurations;

internal sealed class OutcomeConfiguration : IEntityTypeConfiguration<OutcomeRecord>
{
    public void Configure(EntityTypeBuilder<OutcomeRecord> builder)
    {
        builder.ToTable("outcomes");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.LeadId).HasMaxLength(Engine.Domain.RawSchema.MaxLeadIdLength).IsRequired();
        builder.Property(o => o.ReceivedBy).HasMaxLength(256);
        builder.HasIndex(o => o.LeadId).IsUnique(); // one outcome per lead: a later report replaces the earlier
        builder.HasIndex(o => o.PredictionId);
    }
}
