using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeadScoring.Dashboard.Api;

/// <summary>
/// The latest health report, at most <see cref="MaxAge"/> old: the store check opens a write transaction, so a client
/// polling /health in a loop must not turn into a write per call. One caller refreshes; the others wait for it.
/// </summary>
public sealed class HealthReportCache(HealthCheckService health, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (HealthReport Report, DateTimeOffset At)? _latest;

    public async Task<HealthReport> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } report)
        {
            return report;
        }
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } refreshed)
            {
                return refreshed;
            }
            var checkedAt = time.GetUtcNow();
            var latest = await health.CheckHealthAsync(cancellationToken);
            _latest = (latest, checkedAt);
            return latest;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private HealthReport? Fresh() =>
        _latest is { } latest && time.GetUtcNow() - latest.At < MaxAge ? latest.Report : null;
}
