using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadScoring.Core.Storage.Retention;

/// <summary>The latest purge as /health and the Admin page show it.</summary>
public sealed class RetentionStatus
{
    private volatile Snapshot _current = new(null, null, null);

    /// <summary>The last purge that finished, its time, and why the last attempt failed (null when it did not).</summary>
    public sealed record Snapshot(RetentionReport? LastReport, DateTimeOffset? FailedAt, string? Failure);

    public Snapshot Current => _current;

    internal void Succeeded(RetentionReport report) => _current = new Snapshot(report, null, null);

    internal void Failed(DateTimeOffset at, string failure) => _current = _current with { FailedAt = at, Failure = failure };
}

/// <summary>
/// Runs <see cref="StoreRetention"/> shortly after start and then every <see cref="RetentionOptions.IntervalMinutes"/>,
/// each round first making the months ahead a partition (PostgreSQL);
/// logs what it removed (the purge also writes an audit row) and keeps <see cref="RetentionStatus"/> current.
/// </summary>
public sealed class RetentionMaintenance(StoreRetention retention, RetentionStatus status, IOptionsMonitor<RetentionOptions> options,
    TimeProvider time, ILogger<RetentionMaintenance> logger) : BackgroundService
{
    /// <summary>Lets start-up (migrations, first rollups) finish before the first purge.</summary>
    public static readonly TimeSpan StartDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(StartDelay, time, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = options.CurrentValue;
            await EnsurePartitionsAsync(stoppingToken);
            if (settings.Enabled)
            {
                await RunOnceAsync(stoppingToken);
            }
            await Task.Delay(TimeSpan.FromMinutes(Math.Max(1, settings.IntervalMinutes)), time, stoppingToken);
        }
    }

    /// <summary>The months ahead get their partition (PostgreSQL); a failure is logged and retried next round.</summary>
    public async Task EnsurePartitionsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var created = await retention.EnsurePartitionsAsync(cancellationToken);
            if (created > 0)
            {
                logger.LogInformation("Created {Count} monthly prediction partition(s)", created);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Creating the months' prediction partitions failed ({Failure}); rows land in the default partition until the next round",
                StoreErrors.Classify(ex));
        }
    }

    /// <summary>One purge; failures are logged and kept in the status, never thrown (the next round retries).</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var report = await retention.PurgeAsync(cancellationToken);
            status.Succeeded(report);
            if (report.Total > 0)
            {
                logger.LogInformation("Retention: {Report}", report.Describe());
            }
        }
        catch (InvalidOperationException ex) when (options.CurrentValue.Problem() is not null)
        {
            status.Failed(time.GetUtcNow(), ex.Message);
            logger.LogError("Retention is not running: {Problem}", ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var failure = StoreErrors.Classify(ex);
            status.Failed(time.GetUtcNow(), $"the last purge failed (store {failure.ToString().ToLowerInvariant()}); it is retried next round");
            logger.LogWarning(ex, "Retention purge failed ({Failure})", failure);
        }
    }
}

/// <summary>Registers the retention purge (options, status, the purge); the host runs its job on the leading instance only.</summary>
public static class RetentionServiceCollectionExtensions
{
    public static IServiceCollection AddStoreRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RetentionOptions>(configuration.GetSection(RetentionOptions.SectionName));
        services.AddSingleton<RetentionStatus>();
        services.AddSingleton<StoreRetention>();
        services.AddSingleton<RetentionMaintenance>();
        return services;
    }
}
