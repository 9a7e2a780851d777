using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadScoring.Core.Storage.Configurations;

internal sealed class PredictionConfiguration : IEntityTypeConfiguration<PredictionRecord>
{
    public void Configure(EntityTypeBuilder<PredictionRecord> builder)
    {
        builder.ToTable("predictions");
        builder.HasKey(p => p.Id);
        // The dashboard's queries: time windows (histograms, percentiles, counts per minute), one batch's scores,
        // one model version over time. Covering the score keeps histograms off the wide rows.
        builder.HasIndex(p => new { p.TimestampMs, p.Score });
        builder.HasIndex(p => new { p.BatchId, p.Score });
        builder.HasIndex(p => new { p.ModelVersionId, p.TimestampMs });
        builder.Property(p => p.Features).IsRequired();
    }
}
