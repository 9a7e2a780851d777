using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Alerts.Channels;

/// <summary>A channel as it is shown: never the secret, only whether there is one; Slack's URL masked.</summary>
public sealed record AlertChannelView(long Id, string Name, AlertChannelKind Kind, string Target, IReadOnlyList<string> To, bool Enabled,
    bool HasSecret, DateTime? LastSuccessUtc, DateTime? LastErrorUtc, string? LastError, int ConsecutiveFailures);

/// <summary>What a create did: the channel, or the refused fields.</summary>
public sealed record AlertChannelCreateResult(AlertChannelView? Channel, IReadOnlyList<AlertChannelFieldError> Errors);

/// <summary>
/// Lists, creates, deletes and tests notification channels. Authorization is the caller's job (admin-only page,
/// the API's <c>admin</c> scope).
/// </summary>
public sealed class AlertChannelService(ILeadScoringDbFactory dbFactory, AlertChannelSecrets secrets, AlertChannelSender sender,
    IOptions<AlertChannelOptions> options, TimeProvider time, ILogger<AlertChannelService> logger)
{
    public async Task<IReadOnlyList<AlertChannelView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var rows = await db.Set<AlertChannelRecord>().AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return rows.Select(View).ToList();
    }

    /// <summary>Creates a channel; <paramref name="actor"/> (user or key name) goes to the audit log.</summary>
    public async Task<AlertChannelCreateResult> CreateAsync(AlertChannelInput input, string actor, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var errors = AlertChannelValidator.Validate(input, settings.Smtp);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }
        var name = input.Name!.Trim();
        await using var db = dbFactory.CreateDbContext();
        var channels = db.Set<AlertChannelRecord>();
        if (await channels.AnyAsync(c => c.Name == name, cancellationToken))
        {
            return new(null, [new("name", $"'{name}' is used by another channel")]);
        }
        if (await channels.CountAsync(cancellationToken) >= settings.Delivery.MaxChannels)
        {
            return new(null, [new("name", $"at most {settings.Delivery.MaxChannels} channels (Alerts:Delivery:MaxChannels)")]);
        }
        var kind = AlertChannelValidator.ParseKind(input.Kind)!.Value;
        var url = input.Url!.Trim();
        var record = new AlertChannelRecord
        {
            Name = name,
            Kind = kind,
            // Slack's incoming-webhook URL is itself the credential: kept encrypted, shown masked.
            Url = kind == AlertChannelKind.Slack ? MaskedUrl(url) : url,
            ProtectedSecret = kind == AlertChannelKind.Slack ? secrets.Protect(url)
                : string.IsNullOrEmpty(input.Secret) ? null : secrets.Protect(input.Secret),
            To = input.To is { Count: > 0 } to ? string.Join(',', to.Select(a => a.Trim())) : null,
            Enabled = input.Enabled ?? true,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        channels.Add(record);
        db.AuditLog.Add(Audit(actor, "create alert channel", name, $"{AlertChannelValidator.NameOf(kind)} {record.Url}"));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two creates with one name at once: the unique index decides.
            return new(null, [new("name", $"'{name}' is used by another channel")]);
        }
        logger.LogInformation("Alert channel {ChannelId} '{ChannelName}' ({Kind}) created, has_secret: {HasSecret}",
            record.Id, record.Name, kind, record.ProtectedSecret is not null);
        return new(View(record), []);
    }

    /// <summary>Deletes the channel and its outbox rows; false when there is no such channel.</summary>
    public async Task<bool> DeleteAsync(long id, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var channel = await db.Set<AlertChannelRecord>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null)
        {
            return false;
        }
        await db.Set<AlertOutboxRecord>().Where(o => o.ChannelId == id).ExecuteDeleteAsync(cancellationToken);
        db.Set<AlertChannelRecord>().Remove(channel);
        db.AuditLog.Add(Audit(actor, "delete alert channel", channel.Name, null));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Alert channel {ChannelId} deleted", id);
        return true;
    }

    /// <summary>Sends a Test notification now (one attempt, with the timeout) and records its outcome; null when there is no such channel.</summary>
    public async Task<AlertDeliveryResult?> TestAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var channel = await db.Set<AlertChannelRecord>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null)
        {
            return null;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var test = new AlertNotification(0, "test", Engine.Alerts.AlertSeverity.Info, AlertNotificationKind.Test, now,
            $"Test notification for channel '{channel.Name}' from the LeadScoring dashboard.", new Dictionary<string, double>(), null, "/alerts/channels");
        var result = await sender.SendAsync(channel, test, 0, cancellationToken);
        AlertOutboxDelivery.RecordOutcome(channel, result, now);
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("Alert channel {ChannelId} test: {Outcome}", id, result.Succeeded ? "delivered" : result.Error);
        return result;
    }

    private AuditRecord Audit(string actor, string action, string target, string? detail) => new()
    {
        TimestampUtc = time.GetUtcNow().UtcDateTime, UserName = actor, Action = action, Target = target, Succeeded = true, Detail = detail,
    };

    internal static AlertChannelView View(AlertChannelRecord c) => new(c.Id, c.Name, c.Kind, c.Url,
        (c.To ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), c.Enabled, c.ProtectedSecret is not null,
        c.LastSuccessUtc, c.LastErrorUtc, c.LastError, c.ConsecutiveFailures);

    /// <summary>"https://hooks.slack.com/…": the host says where it goes, the path (the credential) is hidden.</summary>
    internal static string MaskedUrl(string url)
    {
        var uri = new Uri(url);
        return $"{uri.Scheme}://{uri.Authority}/…";
    }
}
