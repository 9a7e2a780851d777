using System.Diagnostics.Metrics;
using LeadScoring.Core.Diagnostics;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Api;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LeadScoring.Dashboard.Extensions;

/// <summary>Settings of the section "Telemetry" that describe this instance to a collector.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>service.name of every span and metric.</summary>
    public string ServiceName { get; set; } = "leadscoring-dashboard";

    /// <summary>service.instance.id; empty: machine name and process id, unique per running process.</summary>
    public string? InstanceId { get; set; }

    /// <summary>deployment.environment.name (e.g. production, staging); empty: not sent.</summary>
    public string? Environment { get; set; }

    /// <summary>The OTLP endpoint; the standard OTEL_EXPORTER_OTLP_* variables configure the exporter.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
}

/// <summary>
/// OpenTelemetry for operators: a resource naming the service and instance; traces (ASP.NET Core, HttpClient, EF Core
/// and the service's own <see cref="LeadScoringDiagnostics.Source"/>) and metrics (HTTP server, runtime and the own
/// <see cref="LeadScoringDiagnostics.Meter"/>). Metrics are scraped on /metrics; both signals also go to OTLP when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set, and nowhere else otherwise.
/// </summary>
public static class TelemetrySetup
{
    public static WebApplicationBuilder AddLeadScoringTelemetry(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[TelemetryOptions.OtlpEndpointKey]);
        builder.Services.AddHostedService<TelemetryGauges>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => Describe(resource, settings))
            .WithTracing(tracing =>
            {
                tracing.AddSource(LeadScoringDiagnostics.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/metrics"))
                    .AddHttpClientInstrumentation()
                    // Statement text stays off: it could carry literal values; the span keeps the operation and table.
                    .AddEntityFrameworkCoreInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            // Prometheus scrape endpoint (/metrics): HTTP server metrics, the runtime's own (GC heap, working set, thread
            // pool) and the service's, so memory, traffic and drift can be watched from outside.
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddMeter("System.Runtime")
                    .AddMeter(LeadScoringDiagnostics.Name)
                    .AddMeter(LeadScoring.Core.Shadow.ShadowQueue.MeterName)
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return builder;
    }

    private static void Describe(ResourceBuilder resource, TelemetryOptions settings)
    {
        var instance = string.IsNullOrWhiteSpace(settings.InstanceId)
            ? $"{System.Environment.MachineName}-{System.Environment.ProcessId}"
            : settings.InstanceId;
        resource.AddService(settings.ServiceName, serviceVersion: ServiceVersion.Current, autoGenerateServiceInstanceId: false, serviceInstanceId: instance);
        if (!string.IsNullOrWhiteSpace(settings.Environment))
        {
            resource.AddAttributes([new("deployment.environment.name", settings.Environment)]);
        }
    }
}

/// <summary>
/// The gauges read from this host's services (telemetry queue, free disk space). Their meter belongs to the host, so a
/// second host in the same process (tests) reports its own queue and the instruments go away with the host.
/// </summary>
internal sealed class TelemetryGauges(IMeterFactory meters, TelemetryQueue queue, IFreeSpaceSource freeSpace, StorageFloor floor,
    LeadScoring.Core.Storage.Cluster.StoreChangeRelay relay, LeadScoring.Core.Storage.Cluster.JobLeadership leadership) : IHostedService
{
    private Meter? _meter;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _meter = meters.Create(LeadScoringDiagnostics.Name);
        _meter.CreateObservableGauge("leadscoring.telemetry_queue.depth", () => queue.Count, "{row}",
            "Rows waiting in the telemetry queue for the store.");
        _meter.CreateObservableGauge("leadscoring.telemetry_queue.capacity", () => queue.Capacity, "{row}",
            "Rows the telemetry queue holds at most (Telemetry:QueueRows); when full, /predict answers 503.");
        _meter.CreateObservableGauge("leadscoring.storage.free", () => freeSpace.AvailableBytes() ?? -1, "By",
            "Free bytes on the store's disk (-1: unknown, e.g. PostgreSQL).");
        _meter.CreateObservableGauge("leadscoring.storage.floor", () => floor.MinFreeBytes, "By",
            "Storage:MinFreeBytes: below it uploads and predictions are refused.");
        // Several instances (PostgreSQL): whether this one hears the others live, and whether it runs the jobs.
        _meter.CreateObservableCounter("leadscoring.cluster.peer_changes", () => relay.PeerChanges, "{change}",
            "Store changes made by other instances and delivered to this one's live pages (NOTIFY or poll).");
        _meter.CreateObservableGauge("leadscoring.cluster.listening", () => relay.Listening ? 1 : 0, null,
            "1 while this instance LISTENs for other instances' changes; 0 while it polls (or on SQLite).");
        _meter.CreateObservableGauge("leadscoring.cluster.leader", () => leadership.IsLeader ? 1 : 0, null,
            "1 on the instance that runs the background jobs (holds the advisory lock).");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
