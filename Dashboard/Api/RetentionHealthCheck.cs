using LeadScoring.Core.Storage.Retention;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeadScoring.Dashboard.Api;

/// <summary>What the retention purge last removed, or why it is not running (a misconfiguration, a failing store).</summary>
public sealed class RetentionHealthCheck(RetentionStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = status.Current;
        if (current.Failure is { } failure)
        {
            return Task.FromResult(HealthCheckResult.Degraded("retention: " + failure));
        }
        return Task.FromResult(HealthCheckResult.Healthy(current.LastReport is { } report
            ? $"retention ran {report.RanAt:yyyy-MM-dd HH:mm}Z: {report.Describe()}"
            : "retention has not run yet"));
    }
}
