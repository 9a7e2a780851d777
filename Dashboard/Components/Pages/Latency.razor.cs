using LeadScoring.Core.Registry;
using LeadScoring.Core.Monitoring;
using LeadScoring.Dashboard.Components.Charts;
using LeadScoring.Dashboard.Model;
using Microsoft.AspNetCore.Components;

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

    [Inject]
    public required ModelVersionCatalog Catalog { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "window")]
    public string? WindowToken { get; set; }

    [SupplyParameterFromQuery(Name = "model")]
    public int? ModelId { get; set; }

    private WindowChoice SelectedWindow => WindowChoices.Parse(WindowToken);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var filter = new PredictionFilter(WindowChoices.ToWindow(SelectedWindow, Time), ModelId);
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

    private void OnWindowChanged(WindowChoice choice) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("window", WindowChoices.Token(choice)));

    private void OnModelChanged(int? id) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("model", id));
}
