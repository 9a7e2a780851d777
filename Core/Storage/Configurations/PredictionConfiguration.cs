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
        // one model version over time. The window index covers every column the score and latency pages aggregate,
        // so a million-row window is read from the index alone, never from the wide rows (features blob).
        // Id comes right after the key column in both: a batch's rows share one time and one batch id, and with Score
        // second each of a million rows landed at a random place in the index (a 1M-row upload spent 8 s of its 18 s
        // store time there); ordered by Id they are appended. Nothing reads these indexes in score order.
        builder.HasIndex(p => new { p.TimestampMs, p.Id, p.Score, p.PredictedEngaged, p.InferenceMs, p.EndToEndMs, p.ModelVersionId })
            .HasDatabaseName("IX_predictions_window");
        builder.HasIndex(p => new { p.BatchId, p.Id, p.Score }).HasDatabaseName("IX_predictions_batch");
        builder.HasIndex(p => new { p.ModelVersionId, p.TimestampMs });
        builder.Property(p => p.Features).IsRequired();
        builder.Property(p => p.LeadId).HasMaxLength(Engine.Domain.RawSchema.MaxLeadIdLength);
        builder.Property(p => p.RequestId).HasMaxLength(128);
        // An outcome finds its lead's latest prediction before it was observed: lead id, then time.
        builder.HasIndex(p => new { p.LeadId, p.TimestampMs }).HasFilter("\"LeadId\" IS NOT NULL");
        // Only shadowed predictions carry a key, so the filtered index costs nothing while no challenger is live.
        builder.Property(p => p.ShadowKey).HasConversion(ShadowKeyBytes.NullableConverter);
        builder.HasIndex(p => p.ShadowKey).IsUnique().HasFilter("\"ShadowKey\" IS NOT NULL");
    }
}
