using LeadScoring.Dashboard.Model;
using Microsoft.AspNetCore.Components;
using LeadScoring.Core.Monitoring;
using LeadScoring.Core.Predictions;

namespace LeadScoring.Dashboard.Components.Pages;

public partial class Latency
{
    private LatencyReport? _report;
    private IReadOnlyList<Kpi> _kpis = [];
    private TimeSeriesChartModel? _inference;
    private TimeSeriesChartModel? _endToEnd;
    private TimeSeriesChartModel? _throughput;
    private HistogramChartModel? _histogram;

    [Inject]
    public required MonitoringQueries Queries { get; init; }

    protected override async Task LoadWindowAsync(PredictionFilter filter, CancellationToken cancellationToken)
    {
        var report = Queries.LatencyAsync(filter, cancellationToken);
        var throughput = Queries.ThroughputAsync(filter, cancellationToken);
        await Task.WhenAll(report, throughput);
        cancellationToken.ThrowIfCancellationRequested();
        _report = report.Result;
        _kpis = LatencyView.Kpis(report.Result, throughput.Result);
        _inference = LatencyView.Percentiles(report.Result.Inference, TimeZone.ToLocal);
        _endToEnd = LatencyView.Percentiles(report.Result.EndToEnd, TimeZone.ToLocal);
        _throughput = LatencyView.Throughput(throughput.Result, TimeZone.ToLocal);
        _histogram = LatencyView.Histogram(report.Result);
    }
}
