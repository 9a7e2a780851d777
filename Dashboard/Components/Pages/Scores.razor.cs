using LeadScoring.Core.Registry;
using LeadScoring.Core.Monitoring;
using LeadScoring.Dashboard.Components.Charts;
using LeadScoring.Dashboard.Model;
using Microsoft.AspNetCore.Components;

namespace LeadScoring.Dashboard.Components.Pages;

public partial class Scores
{
    private IReadOnlyList<ModelVersionInfo> _versions = [];
    private ScoreReport? _report;
    private IReadOnlyList<Kpi> _kpis = [];
    private HistogramChartModel? _histogram;
    private TimeSeriesChartModel? _trend;

    [Inject]
    public required ScoreReportQuery Reports { get; init; }

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
        _versions = await Catalog.ListAsync(cancellationToken);
        var report = await Reports.LoadAsync(filter, cancellationToken: cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        _report = report;
        _kpis = ScoreView.Kpis(report);
        _histogram = ScoreView.Histogram(report);
        _trend = ScoreView.Trend(report, TimeZone.ToLocal);
    }

    private void OnWindowChanged(WindowChoice choice) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("window", WindowChoices.Token(choice)));

    private void OnModelChanged(int? id) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("model", id));
}
