using LeadScoring.Core.Models;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;
using LeadScoring.Dashboard.Components.Charts;
using LeadScoring.Dashboard.Model;
using Microsoft.AspNetCore.Components;
using LeadScoring.Core.Monitoring;

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

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var filter = Filter;
        _versions = await Catalog.ListAsync(cancellationToken);
        var report = await Reports.LoadAsync(filter, cancellationToken: cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        _report = report;
        _kpis = ScoreView.Kpis(report);
        _histogram = ScoreView.Histogram(report);
        _trend = ScoreView.Trend(report, TimeZone.ToLocal);
    }
}
