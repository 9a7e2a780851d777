using LeadScoring.Engine.Drift;
using LeadScoring.Core.Storage;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using LeadScoring.Core.Monitoring;
using LeadScoring.Core.Alerts;
using LeadScoring.Core.Performance;
using LeadScoring.Engine.Performance.Metrics;

using LeadScoring.Engine.Reporting;

namespace LeadScoring.Dashboard.Components.Pages;

public sealed partial class Overview
{
    private OverviewSnapshot? _snapshot;
    private ModelHealth? _health;

    [Inject]
    public required OverviewService Service { get; init; }

    [Inject]
    public required PerformanceService Performance { get; init; }

    [Inject]
    public required AlertStore Alerts { get; init; }

    [Inject]
    public required RetrainAdvisor Advisor { get; init; }

    private IReadOnlyList<AlertView> _firing = [];
    private RetrainRecommendation? _recommendation;

    protected override StoreChange ReloadOn =>
        StoreChange.Predictions | StoreChange.Requests | StoreChange.Health | StoreChange.Models | StoreChange.Batches | StoreChange.Alerts;

    protected override TimeSpan? RefreshEvery => TimeSpan.FromSeconds(15);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var snapshot = Service.ReadAsync(cancellationToken);
        var health = Performance.HealthAsync(cancellationToken);
        await Task.WhenAll(snapshot, health);
        (_snapshot, _health) = (snapshot.Result, health.Result);
        _firing = await Alerts.AlertsAsync(firingOnly: true, cancellationToken);
        _recommendation = await Advisor.RecommendAsync(cancellationToken);
    }

    private string AlertTime(DateTime? utc) => utc is { } at
        ? TimeZone.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)
        : "–";

    private string HealthValue() => _health?.Estimated is { } e
        ? $"F1 ≈ {Format.Metric(e.Estimated.F1)} [{Format.Metric(e.LowerConfidenceBound.F1)}, {Format.Metric(e.UpperConfidenceBound.F1)}]"
        : "no estimate";

    private string HealthHint() => _health is not { } h ? ""
        : $"estimated (CBPE), week {h.EstimatedBucket ?? "–"}; holdout F1 {(h.ReferenceF1 is MetricEstimate r ? Format.Metric(r.Value) : "–")}; " +
          (h.RealizedF1 is MetricEstimate f ? $"realized {Format.Metric(f.Value)} [{Format.Metric(f.Lower)}, {Format.Metric(f.Upper)}] in week {h.RealizedBucket}" : "no mature labels yet") +
          (h.Flagged.Count > 0 ? $"; worse: {string.Join(", ", h.Flagged)}" : "");

    private Color HealthColor() => _health switch
    {
        { Flagged.Count: > 0 } => Color.Error,
        { Estimated.Alerts.Count: > 0 } => Color.Warning,
        { Estimated: not null } => Color.Success,
        _ => Color.Default,
    };

    internal static ProbeStatus? Local(OverviewSnapshot s) => s.Probes.FirstOrDefault(p => p.Target == OverviewService.LocalTarget);

    internal static string ApiStatus(OverviewSnapshot s) => Local(s)?.Status ?? (s.Champion is null ? "no model" : "not probed yet");

    internal static Color ApiColor(OverviewSnapshot s) => Local(s) switch
    {
        null => Color.Default,
        { Healthy: true } => Color.Success,
        { Status: "degraded" } => Color.Warning,
        _ => Color.Error,
    };

    private string LocalProbeHint(OverviewSnapshot s) => Local(s) is { } p ? $"checked {Ago(p.At)}{(p.Detail is null ? "" : ": " + p.Detail)}" : "";

    internal static Color UptimeColor(double? ratio) => ratio switch
    {
        null => Color.Default,
        >= 0.99 => Color.Success,
        >= 0.95 => Color.Warning,
        _ => Color.Error,
    };

    internal static Color DriftColor(DriftAlertLevel? level) => level switch
    {
        DriftAlertLevel.Green => Color.Success,
        DriftAlertLevel.Yellow => Color.Warning,
        DriftAlertLevel.Red => Color.Error,
        _ => Color.Default,
    };

    /// <summary>"unknown" when nothing was measured: never a flattering 100 %.</summary>
    internal static string Percent(double? ratio) => ratio is { } r ? Format.Percent(r) : "unknown";

    private string Ago(DateTimeOffset? at)
    {
        if (at is not { } t)
        {
            return "never";
        }
        var age = Time.GetUtcNow() - t;
        return age.TotalSeconds < 60 ? $"{Math.Max(0, (int)age.TotalSeconds)} s ago"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes} min ago"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours} h ago"
            : $"{(int)age.TotalDays} d ago";
    }
}
