using System.Globalization;
using LeadScoring.Core.DriftRuns;
using LeadScoring.Dashboard.Model;
using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Reporting;
using Microsoft.AspNetCore.Components;

namespace LeadScoring.Dashboard.Components.Pages;

/// <summary>
/// The stored drift runs: a list paged by key (newest first), one run opened from its stored report, two compared.
/// The selection lives in the URL (<c>run</c>, <c>a</c> and <c>b</c>, <c>before</c>), so a comparison can be linked.
/// </summary>
public sealed partial class DriftRuns
{
    private readonly HashSet<long> _picked = [];
    private DriftRunPage? _page;
    private StoredDriftRun? _opened;
    private IReadOnlyList<DriftFeatureRow> _openedRows = [];
    private DriftRunComparisonResult? _comparison;
    private string? _error;

    [Inject]
    public required DriftRunStore Runs { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery]
    public long? Before { get; set; }

    [SupplyParameterFromQuery]
    public long? Run { get; set; }

    [SupplyParameterFromQuery]
    public long? A { get; set; }

    [SupplyParameterFromQuery]
    public long? B { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _error = null;
        var size = Runs.PageSize(null, out _) ?? 50;
        _page = await Runs.ListAsync(Before, size);
        _opened = Run is long id ? await Runs.GetAsync(id) : null;
        _openedRows = _opened is null ? [] : DriftView.Rows(_opened.Run.Report);
        if (Run is long missing && _opened is null)
        {
            _error = string.Create(CultureInfo.InvariantCulture, $"Drift run {missing} does not exist (or was purged).");
        }
        _comparison = A is long a && B is long b ? await Runs.CompareAsync(a, b) : null;
        if (A is not null && B is not null && _comparison is null)
        {
            _error = "One of the two runs to compare does not exist (or was purged).";
        }
    }

    private void Pick(long id, bool on)
    {
        if (on)
        {
            if (_picked.Count == 2)
            {
                _picked.Remove(_picked.First()); // two at most: the oldest tick gives way
            }
            _picked.Add(id);
        }
        else
        {
            _picked.Remove(id);
        }
    }

    // Older run as A, so the deltas read "what changed since".
    private void Compare()
    {
        var ids = _picked.Order().ToArray();
        if (ids.Length == 2)
        {
            Navigation.NavigateTo(string.Create(CultureInfo.InvariantCulture, $"drift/runs?a={ids[0]}&b={ids[1]}"));
        }
    }

    private static string ExportUrl(long id) => string.Create(CultureInfo.InvariantCulture, $"/api/drift-runs/{id}");

    private static DriftAlertLevel? Level(string level) => Enum.TryParse<DriftAlertLevel>(level, ignoreCase: true, out var parsed) ? parsed : null;

    private static string Drifted(bool present, bool drifted) => !present ? "–" : drifted ? "drifted" : "no drift";

    private static string FlipText(DriftFlip flip) => flip switch
    {
        DriftFlip.BecameDrifted => "became drifted",
        DriftFlip.NoLongerDrifted => "no longer drifted",
        _ => "",
    };

    private static string SignedPercent(double delta) =>
        (delta > 0 ? "+" : delta < 0 ? "−" : "±") + Format.Percent(Math.Abs(delta));
}
