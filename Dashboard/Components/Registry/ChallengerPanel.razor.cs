using LeadScoring.Core.Models;
using LeadScoring.Core.Shadow;
using LeadScoring.Dashboard.Api.Contracts;
using LeadScoring.Dashboard.Model;
using LeadScoring.Engine.Reporting;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace LeadScoring.Dashboard.Components.Registry;

public sealed partial class ChallengerPanel
{
    private ChallengerComparisonResponse? _comparison;
    private bool _loading = true;

    [Inject] public required ShadowComparisonService Comparisons { get; init; }
    [Inject] public required IOptionsMonitor<ShadowOptions> Options { get; init; }

    /// <summary>The registry (a change of champion or challenger reloads the comparison).</summary>
    [Parameter] public IReadOnlyList<ModelVersionInfo> Versions { get; set; } = [];

    [Parameter] public EventCallback OnClear { get; set; }

    private string? _loadedFor;

    protected override async Task OnParametersSetAsync()
    {
        var key = string.Join(",", Versions.Where(v => v.IsChallenger || v.Status == Core.Storage.Entities.ModelStatus.Champion).Select(v => $"{v.Id}:{v.Status}:{v.IsChallenger}"));
        if (key != _loadedFor)
        {
            _loadedFor = key;
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        _loading = true;
        var comparison = await Comparisons.CompareAsync();
        _comparison = comparison is null ? null : ChallengerComparisonResponse.Create(comparison, Options.CurrentValue.MinimumLabelled);
        _loading = false;
    }

    private static string Interval(ValueWithInterval value) =>
        value.Value is null ? "—" : $"{Format.Metric(value.Value)} ({Format.Metric(value.Lower)} – {Format.Metric(value.Upper)})";

    // Shares, not counts, like the Scores page; both on the same bins.
    private static HistogramChartModel Histogram(ChallengerComparisonResponse c)
    {
        var bins = c.Distribution.Bins;
        var width = 1.0 / bins;
        double[] centers = [.. Enumerable.Range(0, bins).Select(i => (i + 0.5) * width)];
        return new HistogramChartModel("Predicted score", "Share of paired requests", width,
        [
            new BarSeries($"Champion {c.Champion.Version}", centers, Shares(c.Distribution.Champion), ChartColors.Current),
            new BarSeries($"Challenger {c.Challenger.Version}", centers, Shares(c.Distribution.Challenger), ChartColors.Reference),
        ], [], YFormat: ".1%", XMin: 0, XMax: 1);
    }

    private static double[] Shares(long[] counts)
    {
        var total = counts.Sum();
        return [.. counts.Select(c => total == 0 ? 0.0 : (double)c / total)];
    }
}
