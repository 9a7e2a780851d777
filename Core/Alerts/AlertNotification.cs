using LeadScoring.Engine.Alerts;

namespace LeadScoring.Core.Alerts;

/// <summary>What happened to an alert, as the notification channels tell it.</summary>
public enum AlertNotificationKind
{
    /// <summary>The rule started firing.</summary>
    Fired,

    /// <summary>The rule is still firing and its repeat interval has passed.</summary>
    Repeat,

    /// <summary>The rule stopped firing.</summary>
    Resolved,

    /// <summary>A "send test" from the Alerts page or the API.</summary>
    Test,
}

/// <summary>One message for the notification channels (webhook, Slack, e-mail).</summary>
/// <param name="AlertId">Stored alert (history) id; 0 for a test.</param>
/// <param name="RuleName">The rule's name.</param>
/// <param name="Severity">The rule's severity.</param>
/// <param name="Kind">Fired, repeat, resolved or test.</param>
/// <param name="AtUtc">Evaluation time that produced it.</param>
/// <param name="Summary">One plain sentence ("window drift share 0.62 ≥ 0.5 over 1 day, 24,310 rows").</param>
/// <param name="Evidence">The numbers behind it (value, threshold, sample, effect...).</param>
/// <param name="DriftRunId">Stored drift run the evidence came from, when there is one.</param>
/// <param name="Link">Relative dashboard link to look at (e.g. "/alerts?id=12" or "/drift/runs?run=5").</param>
public sealed record AlertNotification(long AlertId, string RuleName, AlertSeverity Severity, AlertNotificationKind Kind,
    DateTime AtUtc, string Summary, IReadOnlyDictionary<string, double> Evidence, long? DriftRunId, string? Link);

/// <summary>
/// Hands alert notifications to delivery. The evaluation calls it in the same unit of work that stores the alert
/// event; the implementation (a store outbox delivered in the background) must return quickly and never throw for a
/// channel's failure.
/// </summary>
public interface IAlertNotifier
{
    /// <summary>Queues <paramref name="notification"/> for every enabled channel.</summary>
    Task EnqueueAsync(AlertNotification notification, CancellationToken cancellationToken = default);
}

/// <summary>The notifier used while no channel delivery is registered: notifications are dropped.</summary>
public sealed class NoAlertNotifier : IAlertNotifier
{
    /// <inheritdoc/>
    public Task EnqueueAsync(AlertNotification notification, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
