using System.Diagnostics;
using System.Text.Json;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using LeadScoring.Core.Monitoring;

namespace LeadScoring.Dashboard.Services;

/// <summary>Probe settings (section "Monitoring").</summary>
public sealed class MonitoringOptions
{
    public const string SectionName = "Monitoring";

    /// <summary>Seconds between probes; uptime is the healthy share of probes, so this is its resolution.</summary>
    public int ProbeIntervalSeconds { get; set; } = 30;

    /// <summary>Base URLs of other prediction APIs to probe (GET {url}/health), e.g. the original service during a migration.</summary>
    public List<string> ProbeUrls { get; set; } = [];
}

/// <summary>
/// Probes the local API's health checks and any configured remote APIs on a schedule and stores each result, so
/// uptime is availability over time (not the original's share of 2xx requests).
/// </summary>
public sealed class HealthProbeService(
    HealthCheckService health, IHttpClientFactory httpClients, ILeadScoringDbFactory dbFactory, StoreChangeNotifier notifier,
    IOptions<MonitoringOptions> options, TimeProvider time, ILogger<HealthProbeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.ProbeIntervalSeconds)), time);
        do
        {
            try
            {
                await ProbeOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Health probe round failed: {Reason}", ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task ProbeOnceAsync(CancellationToken cancellationToken)
    {
        var records = new List<HealthProbeRecord> { await ProbeLocalAsync(cancellationToken) };
        foreach (var url in options.Value.ProbeUrls.Where(u => Uri.TryCreate(u, UriKind.Absolute, out _)))
        {
            records.Add(await ProbeRemoteAsync(url, cancellationToken));
        }
        await using var db = dbFactory.CreateDbContext();
        db.HealthProbes.AddRange(records);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Notify(StoreChange.Health);
    }

    private async Task<HealthProbeRecord> ProbeLocalAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var report = await health.CheckHealthAsync(cancellationToken);
        var problems = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => $"{e.Key}: {e.Value.Description}");
        return Record(OverviewService.LocalTarget, report.Status == HealthStatus.Healthy, report.Status.ToString().ToLowerInvariant(),
            started, string.Join("; ", problems));
    }

    private async Task<HealthProbeRecord> ProbeRemoteAsync(string baseUrl, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var client = httpClients.CreateClient(nameof(HealthProbeService));
            client.Timeout = TimeSpan.FromSeconds(5);
            using var response = await client.GetAsync(baseUrl.TrimEnd('/') + "/health", cancellationToken);
            var status = "http " + (int)response.StatusCode;
            var modelLoaded = true;
            if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "application/json")
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                status = body.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "unknown";
                // The original always said "healthy", even without a model: believe model_loaded where it is given.
                modelLoaded = !body.TryGetProperty("model_loaded", out var m) || m.ValueKind != JsonValueKind.False;
            }
            return Record(baseUrl, response.IsSuccessStatusCode && status == "healthy" && modelLoaded, modelLoaded ? status : status + ", no model", started, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return Record(baseUrl, false, "unreachable", started, ex.GetType().Name);
        }
    }

    private HealthProbeRecord Record(string target, bool healthy, string status, long started, string? detail) => new()
    {
        TimestampMs = time.GetUtcNow().ToUnixTimeMilliseconds(), Target = target, Healthy = healthy,
        Status = status.Length <= 64 ? status : status[..64], DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        Detail = string.IsNullOrEmpty(detail) ? null : detail.Length <= 1000 ? detail : detail[..1000],
    };
}
