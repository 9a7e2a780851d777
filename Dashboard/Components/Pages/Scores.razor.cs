using LeadScoring.Dashboard.Model;
using Microsoft.AspNetCore.Components;
using LeadScoring.Core.Monitoring;
using LeadScoring.Core.Predictions;

namespace LeadScoring.Dashboard.Components.Pages;

public partial class Scores
{
    private ScoreReport? _report;
    private IReadOnlyList<Kpi> _kpis = [];
    private HistogramChartModel? _histogram;
    private TimeSeriesChartModel? _trend;

    [Inject]
    public required ScoreReportQuery Reports { get; init; }

    protected override async Task LoadWindowAsync(PredictionFilter filter, CancellationToken cancellationToken)
    {
        var report = await Reports.LoadAsync(filter, cancellationToken: cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        _report = report;
        _kpis = ScoreView.Kpis(report);
        _histogram = ScoreView.Histogram(report);
        _trend = ScoreView.Trend(report, TimeZone.ToLocal);
    }
}
