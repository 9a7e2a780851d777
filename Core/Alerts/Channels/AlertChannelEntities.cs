using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadScoring.Core.Alerts.Channels;

/// <summary>Where alert notifications go.</summary>
public enum AlertChannelKind
{
    /// <summary>HTTP POST of the documented JSON, HMAC-signed.</summary>
    Webhook,

    /// <summary>A Slack incoming webhook.</summary>
    Slack,

    /// <summary>E-mail over SMTP with TLS (MailKit).</summary>
    Email,
}

/// <summary>One notification channel and how its deliveries have gone.</summary>
public sealed class AlertChannelRecord
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public AlertChannelKind Kind { get; set; }

    /// <summary>Webhook URL, or smtp(s)://user@host:port; for Slack only a masked form (the real URL is the secret).</summary>
    public string Url { get; set; } = "";

    /// <summary>Data Protection ciphertext: the HMAC key, the SMTP password, or the Slack webhook URL.</summary>
    public string? ProtectedSecret { get; set; }

    /// <summary>E-mail recipients, comma-separated.</summary>
    public string? To { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? LastSuccessUtc { get; set; }
    public DateTime? LastErrorUtc { get; set; }

    /// <summary>Sanitized: fixed wording per failure type, never exception text or the secret.</summary>
    public string? LastError { get; set; }
    public int ConsecutiveFailures { get; set; }
}

/// <summary>Where an outbox row stands.</summary>
public enum AlertOutboxStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One notification waiting for (or done with) delivery to one channel; its id is the delivery id.</summary>
public sealed class AlertOutboxRecord
{
    public long Id { get; set; }
    public long ChannelId { get; set; }

    /// <summary>The <see cref="AlertNotification"/> as JSON (<see cref="AlertNotificationJson"/>).</summary>
    public string NotificationJson { get; set; } = "";
    public AlertOutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    public DateTime? DeliveredAtUtc { get; set; }
    public string? LastError { get; set; }
}

internal sealed class AlertChannelConfiguration : IEntityTypeConfiguration<AlertChannelRecord>
{
    public void Configure(EntityTypeBuilder<AlertChannelRecord> builder)
    {
        builder.ToTable("alert_channels");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(AlertChannelValidator.MaxNameLength);
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Url).HasMaxLength(AlertChannelValidator.MaxUrlLength);
        builder.Property(c => c.ProtectedSecret).HasMaxLength(8000);
        builder.Property(c => c.To).HasMaxLength(4000);
        builder.Property(c => c.LastError).HasMaxLength(500);
    }
}

internal sealed class AlertOutboxConfiguration : IEntityTypeConfiguration<AlertOutboxRecord>
{
    public void Configure(EntityTypeBuilder<AlertOutboxRecord> builder)
    {
        builder.ToTable("alert_outbox");
        builder.HasKey(o => o.Id);
        builder.HasOne<AlertChannelRecord>().WithMany().HasForeignKey(o => o.ChannelId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.LastError).HasMaxLength(500);
        builder.HasIndex(o => new { o.Status, o.NextAttemptUtc });
    }
}
