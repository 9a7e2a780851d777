using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadScoring.Core.Storage.Configurations;

internal sealed class AlertRuleSetConfiguration : IEntityTypeConfiguration<AlertRuleSetRecord>
{
    public void Configure(EntityTypeBuilder<AlertRuleSetRecord> builder)
    {
        builder.ToTable("alert_rule_sets");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class AlertRuleStateConfiguration : IEntityTypeConfiguration<AlertRuleStateRecord>
{
    public void Configure(EntityTypeBuilder<AlertRuleStateRecord> builder)
    {
        builder.ToTable("alert_rule_states");
        builder.HasKey(s => s.RuleName);
        builder.Property(s => s.RuleName).HasMaxLength(100);
        builder.Property(s => s.Fingerprint).HasMaxLength(200);
        builder.Property(s => s.LastStatus).HasMaxLength(32);
        builder.Property(s => s.LastReason).HasMaxLength(500);
    }
}

internal sealed class AlertConfiguration : IEntityTypeConfiguration<AlertRecord>
{
    public void Configure(EntityTypeBuilder<AlertRecord> builder)
    {
        builder.ToTable("alerts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.RuleName).HasMaxLength(100);
        builder.Property(a => a.Severity).HasMaxLength(16);
        builder.Property(a => a.State).HasMaxLength(16);
        builder.Property(a => a.AcknowledgedBy).HasMaxLength(256);
        builder.Property(a => a.AcknowledgeComment).HasMaxLength(1000);
        builder.HasIndex(a => a.FiredAtUtc);
        builder.HasIndex(a => new { a.State, a.RuleName });
    }
}

internal sealed class AlertSilenceConfiguration : IEntityTypeConfiguration<AlertSilenceRecord>
{
    public void Configure(EntityTypeBuilder<AlertSilenceRecord> builder)
    {
        builder.ToTable("alert_silences");
        builder.HasKey(s => s.RuleName);
        builder.Property(s => s.RuleName).HasMaxLength(100);
        builder.Property(s => s.CreatedBy).HasMaxLength(256);
        builder.Property(s => s.Comment).HasMaxLength(1000);
    }
}
