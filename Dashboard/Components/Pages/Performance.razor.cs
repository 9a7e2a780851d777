using LeadScoring.Core.Performance;
using LeadScoring.Core.Predictions;
using LeadScoring.Dashboard.Model;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Performance.Cbpe;
using LeadScoring.Engine.Performance.Metrics;
using LeadScoring.Engine.Reporting;
using LeadScoring.Core.Storage;
using Microsoft.AspNetCore.Components;

namespace LeadScoring.Dashboard.Components.Pages;

public partial class Performance
{
    private PerformanceReport? _report;
    private IReadOnlyList<PerformanceRow> _rows = [];
    private TimeSeriesChartModel? _f1;
    private TimeSeriesChartModel? _auc;

    [Inject]
    public required PerformanceService Service { get; init; }

    [SupplyParameterFromQuery(Name = "bucket")]
    public string? Bucket { get; set; }

    [SupplyParameterFromQuery(Name = "capacity")]
    public int? Capacity { get; set; }

    // Outcomes arrive weeks after the scores: the whole history is the useful default.
    protected override WindowToken DefaultWindow => WindowToken.All;

    protected override StoreChange ReloadOn => StoreChange.Outcomes | StoreChange.Models;

    protected override TimeSpan? RefreshEvery => TimeSpan.FromMinutes(1);

    private string SelectedBucket => Bucket is "day" or "month" ? Bucket : "week";

    protected override async Task LoadWindowAsync(PredictionFilter filter, CancellationToken cancellationToken)
    {
        var bucket = SelectedBucket switch { "day" => ChunkPeriod.Day, "month" => ChunkPeriod.Month, _ => ChunkPeriod.Week };
        var report = await Service.GetAsync(new PerformanceQuery(filter.Window, bucket, filter.ModelVersionId, Capacity: Capacity), cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        _report = report;
        _rows = PerformanceView.Rows(report);
        _f1 = PerformanceView.Chart(report, "f1", "F1", ToLocal);
        _auc = PerformanceView.Chart(report, "roc_auc", "ROC AUC", ToLocal);
    }

    private DateTime ToLocal(DateTime utc) => TimeZone.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    private string? RefHint(string metric) =>
        _report?.Reference is null ? "no holdout reference" : "reference " + PerformanceView.WithInterval(_report.Reference, metric);

    private string LatestEstimate() =>
        _report?.Buckets.LastOrDefault(b => b.Estimated is not null)?.Estimated is { } e
            ? $"{Format.Metric(e.Estimated.F1)} [{Format.Metric(e.LowerConfidenceBound.F1)}, {Format.Metric(e.UpperConfidenceBound.F1)}]"
            : Format.Missing;

    private string CalibrationHint() => _report?.Cbpe is { } c
        ? $"calibration: {c.Calibration} (holdout ECE {Format.Metric(c.Decision.EceBefore)} → {Format.Metric(c.Decision.EceAfter)})"
        : "no CBPE reference";

    private string BaseRate() => _report?.Realized is RealizedMetrics m
        ? $"{Format.Percent(m.BaseRate)} [{Format.Percent(m.BaseRateInterval.Lower)}, {Format.Percent(m.BaseRateInterval.Upper)}]"
        : Format.Missing;
}
