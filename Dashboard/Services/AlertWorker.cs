using LeadScoring.Core.Alerts;
using Microsoft.Extensions.Options;

namespace LeadScoring.Dashboard.Services;

/// <summary>
/// Evaluates the alert rules every <c>Alerts:EvaluationSeconds</c> (rules on expensive signals only every
/// <c>Alerts:DriftEvaluationMinutes</c>, decided by the service). Off with <c>Alerts:Enabled=false</c>. The first
/// evaluation waits one interval, so a restart does not measure drift while the models are still loading.
/// </summary>
public sealed class AlertWorker(AlertEvaluationService evaluation, IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.EvaluationSeconds)), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var report = await evaluation.EvaluateAsync(cancellationToken: stoppingToken);
                foreach (var e in report.Events)
                {
                    logger.LogInformation("Alert {Rule} {Kind}: {Summary}", e.Rule, e.Kind,
                        AlertEvaluationService.Summary(report.Rules.First(r => r.Rule.Name == e.Rule).Rule, e.Evidence));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick tries again; the store-unreachable rule reports a store that keeps failing.
                logger.LogWarning(ex, "Alert evaluation failed");
            }
        }
    }
}
