using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadScoring.Core.Storage.Configurations;

internal sealed class PredictionRollupConfiguration : IEntityTypeConfiguration<PredictionRollupRecord>
{
    public void Configure(EntityTypeBuilder<PredictionRollupRecord> builder)
    {
        builder.ToTable("prediction_rollups");
        // Windows read a range of hours, optionally of one model version.
        builder.HasKey(r => new { r.HourMs, r.ModelVersionId });
        builder.Property(r => r.ScoreBins).IsRequired();
        builder.Property(r => r.InferenceBins).IsRequired();
        builder.Property(r => r.EndToEndBins).IsRequired();
    }
}

internal sealed class PredictionMinuteRollupConfiguration : IEntityTypeConfiguration<PredictionMinuteRollupRecord>
{
    public void Configure(EntityTypeBuilder<PredictionMinuteRollupRecord> builder)
    {
        builder.ToTable("prediction_minute_rollups");
        builder.HasKey(r => new { r.MinuteMs, r.ModelVersionId });
        builder.Property(r => r.ScoreBins).IsRequired();
        builder.Property(r => r.InferenceBins).IsRequired();
        builder.Property(r => r.EndToEndBins).IsRequired();
    }
}

internal sealed class PredictionRollupStateConfiguration : IEntityTypeConfiguration<PredictionRollupStateRecord>
{
    public void Configure(EntityTypeBuilder<PredictionRollupStateRecord> builder)
    {
        builder.ToTable("prediction_rollup_state");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
    }
}
