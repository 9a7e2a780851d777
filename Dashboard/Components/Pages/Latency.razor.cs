using LeadScoring.Core.Models;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;
using LeadScoring.Dashboard.Components.Charts;
using LeadScoring.Dashboard.Model;
using Microsoft.AspNetCore.Components;
using LeadScoring.Core.Monitoring;

namespace LeadScoring.Dashboard.Components.Pages;

public partial class Latency
{
    private IReadOnlyList<ModelVersionInfo> _versions = [];
    private LatencyReport? _report;
    private IReadOnlyList<Kpi> _kpis = [];
    private TimeSeriesChartModel? _inference;
    private TimeSeriesChartModel? _endToEnd;
    private TimeSeriesChartModel? _throughput;
    private HistogramChartModel? _histogram;

    [Inject]
    public required MonitoringQueries Queries { get; init; }

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var filter = Filter;
        var versions = Catalog.ListAsync(cancellationToken);
        var report = Queries.LatencyAsync(filter, cancellationToken);
        var throughput = Queries.ThroughputAsync(filter, cancellationToken);
        await Task.WhenAll(versions, report, throughput);
        cancellationToken.ThrowIfCancellationRequested();
        _versions = versions.Result;
        _report = report.Result;
        _kpis = LatencyView.Kpis(report.Result, throughput.Result);
        _inference = LatencyView.Percentiles(report.Result.Inference, TimeZone.ToLocal);
        _endToEnd = LatencyView.Percentiles(report.Result.EndToEnd, TimeZone.ToLocal);
        _throughput = LatencyView.Throughput(throughput.Result, TimeZone.ToLocal);
        _histogram = LatencyView.Histogram(report.Result);
    }
}
