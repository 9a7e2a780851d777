using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadScoring.Core.Storage.Configurations;

internal sealed class DriftRunConfiguration : IEntityTypeConfiguration<DriftRunRecord>
{
    /// <summary>Longest computation sentence stored with a run.</summary>
    public const int DriftRunComputationMaxLength = 1_024;

    public void Configure(EntityTypeBuilder<DriftRunRecord> builder)
    {
        builder.ToTable("drift_runs");
        builder.HasKey(r => r.Id);
        // Strings, not numbers: a stored run stays readable when the enums grow.
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.RequestedBy).HasMaxLength(256);
        builder.Property(r => r.Subject).HasMaxLength(512);
        builder.Property(r => r.ReferenceLabel).HasMaxLength(512);
        builder.Property(r => r.ReferenceHash).HasMaxLength(64);
        builder.Property(r => r.AlertLevel).HasMaxLength(16);
        builder.Property(r => r.Computation).HasMaxLength(DriftRunComputationMaxLength);
        // No foreign key to batches: a run outlives its batch (Retention:DriftRunDays > PredictionDays).
        builder.HasIndex(r => r.CreatedAtUtc);
        builder.HasIndex(r => r.BatchId);
    }
}
