using System.Globalization;
using LeadScoring.Engine.Drift;
using LeadScoring.Core.Models;
using LeadScoring.Engine.Domain;
using LeadScoring.Core.DriftRuns;
using LeadScoring.Core.Explanations;
using LeadScoring.Dashboard.Model;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using LeadScoring.Core.Storage.Entities;

using LeadScoring.Engine.Reporting;

namespace LeadScoring.Dashboard.Components.Pages;

/// <summary>
/// Drift of a stored batch (default: the latest) or of a time window. The selection lives in the URL; a new selection
/// cancels the running computation, which runs off the circuit's thread and reports progress.
/// </summary>
public sealed partial class Drift : IDisposable
{
    private IReadOnlyList<DriftBatchSummary> _batches = [];
    private IReadOnlyList<ModelVersionInfo> _models = [];
    private IReadOnlyList<DriftFeatureRow> _rows = [];
    private DriftRun? _run;
    private ScoreShiftResult? _shift;
    private string? _error;
    private bool _loading;
    private BuildProgress? _progress;
    private CancellationTokenSource? _cts;
    private string? _loadedKey;
    private TimeWindow? _window;
    private long? _reportBatch;

    [Inject]
    public required ExplanationService Explanations { get; init; }

    [Inject]
    public required ILogger<Drift> Logger { get; init; }

    [Inject]
    public required DriftService DriftService { get; init; }

    [Inject]
    public required ModelRegistry Registry { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [SupplyParameterFromQuery]
    public long? Batch { get; set; }

    [SupplyParameterFromQuery]
    public string? Window { get; set; }

    [SupplyParameterFromQuery]
    public int? Model { get; set; }

    [SupplyParameterFromQuery]
    public string? Profile { get; set; }

    [SupplyParameterFromQuery]
    public string? Feature { get; set; }

    /// <summary>The run on screen (tests check that a feature change does not recompute).</summary>
    internal DriftRun? CurrentRun => _run;

    private WindowToken? SelectedWindow => WindowToken.Parse(Window) is { Length: not null } w ? w : null;

    private bool IsWindow => SelectedWindow is not null;

    private long? SelectedBatch => IsWindow ? null : Batch ?? _batches.FirstOrDefault()?.Id;

    private string ProfileKey => DriftProfiles.Token(DriftProfiles.Parse(Profile) ?? DriftProfile.Evidently);

    // The feature in the URL, else the first drifted one, so the page opens on something worth looking at.
    private string? ShownFeature => Feature ?? _run?.Report.Columns.FirstOrDefault(c => c.Drifted)?.Column ?? _run?.Report.Columns.FirstOrDefault()?.Column;

    private DriftOverlay? SelectedOverlay =>
        _run?.Report.Columns.FirstOrDefault(c => c.Column == ShownFeature) is { } c ? DriftView.Overlay(c) : null;

    protected override async Task OnInitializedAsync()
    {
        _batches = await DriftService.RecentBatchesAsync();
        _models = await Registry.ListAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        var key = string.Join('|', SelectedBatch, IsWindow ? Window : null, IsWindow ? Model : null, ProfileKey);
        if (key == _loadedKey)
        {
            return; // only the feature changed: no recomputation
        }
        _loadedKey = key;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _cts?.Cancel();
        _cts?.Dispose();
        var cts = _cts = new CancellationTokenSource();
        var token = cts.Token;
        (_run, _rows, _error, _progress, _loading, _shift) = (null, [], null, null, true, null);
        var overrides = new DriftOverrides(Profile: DriftProfiles.Parse(ProfileKey));
        var progress = new ThrottledProgress(this, token);
        var user = AuthenticationState is null ? null : (await AuthenticationState).User.Identity?.Name;
        try
        {
            DriftRun run;
            if (SelectedWindow is { } selected)
            {
                var window = selected.ToWindow(Time);
                (_window, _reportBatch) = (window, null);
                var model = Model;
                run = await Task.Run(() => DriftService.ForWindowAsync(window, model, overrides, progress, token, DriftRunTrigger.Page, user), token);
            }
            else if (SelectedBatch is long batch)
            {
                (_window, _reportBatch) = (null, batch);
                run = await Task.Run(() => DriftService.ForBatchAsync(batch, overrides, progress, token, DriftRunTrigger.Page, user), token);
            }
            else
            {
                _error = "No batch has been uploaded yet. Upload a CSV on the Upload page, or choose a time window.";
                return;
            }
            if (!token.IsCancellationRequested)
            {
                (_run, _rows) = (run, DriftView.Rows(run.Report));
                _ = LoadScoreShiftAsync(run, token); // drift shows at once; the attribution follows when ready
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Superseded by a newer selection; that one owns the page state.
        }
        catch (DriftServiceException e)
        {
            _error = e.Message;
        }
        finally
        {
            if (ReferenceEquals(_cts, cts))
            {
                _loading = false;
            }
        }
    }

    private string? ShiftVerdict => _shift?.Attribution is { } a && _run is { } run
        ? DriftImpact.Verdict(a, run.Report.Columns.Where(c => c.Drifted).Select(c => c.Column))
        : null;

    private async Task LoadScoreShiftAsync(DriftRun run, CancellationToken token)
    {
        try
        {
            var shift = run.ModelVersionId is int version
                ? await Explanations.ScoreShiftAsync(version, _reportBatch, _reportBatch is null ? _window : null, token)
                : new ScoreShiftResult(null, "the reference is an uploaded file, not a model version");
            if (!token.IsCancellationRequested)
            {
                _shift = shift;
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Superseded by a newer selection.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogWarning(e, "Score-shift attribution failed");
            _shift = new ScoreShiftResult(null, "the attribution could not be computed (see the server log)");
            await InvokeAsync(StateHasChanged);
        }
    }

    private string ReportUrl(string format)
    {
        var profile = $"&profile={ProfileKey}&format={format}";
        if (_reportBatch is long batch)
        {
            return string.Create(CultureInfo.InvariantCulture, $"/api/drift/report?batch={batch}{profile}");
        }
        if (_window is { } w)
        {
            var from = Uri.EscapeDataString(DateTimeOffset.FromUnixTimeMilliseconds(w.FromMs).ToString("O", CultureInfo.InvariantCulture));
            var to = Uri.EscapeDataString(DateTimeOffset.FromUnixTimeMilliseconds(w.ToMs).ToString("O", CultureInfo.InvariantCulture));
            var model = Model is int m ? string.Create(CultureInfo.InvariantCulture, $"&modelVersion={m}") : "";
            return $"/api/drift/report?from={from}&to={to}{model}{profile}";
        }
        return "";
    }

    private static string BatchLabel(DriftBatchSummary b) =>
        $"#{b.Id.ToString(CultureInfo.InvariantCulture)} · {b.FileName} · {Format.Time(b.CompletedAtUtc)} · "
        + (b.AlertLevel?.ToString().ToUpperInvariant() ?? "no report");

    private void SelectBatch(long? batch) => Go(new() { ["batch"] = batch, ["window"] = null, ["model"] = null, ["feature"] = null });

    private void SelectWindow(string window) =>
        Go(new() { ["window"] = string.IsNullOrEmpty(window) ? null : window, ["batch"] = null, ["feature"] = null });

    private void SelectModel(int? model) => Go(new() { ["model"] = model });

    private void SelectProfile(string profile) => Go(new() { ["profile"] = profile == "evidently" ? null : profile });

    private void SelectFeature(string feature) => Go(new() { ["feature"] = feature });

    private void Go(Dictionary<string, object?> changes) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(changes), replace: false);

    public void Dispose()
    {
        _cts?.Cancel();
        _cts?.Dispose();
    }

    /// <summary>Progress from a worker thread, re-rendered on the circuit at most every 100 ms.</summary>
    private sealed class ThrottledProgress(Drift page, CancellationToken token) : IProgress<BuildProgress>
    {
        private long _last;

        public void Report(BuildProgress value)
        {
            var now = Environment.TickCount64;
            if (token.IsCancellationRequested || (now - Interlocked.Read(ref _last) < 100 && value.Fraction < 1))
            {
                return;
            }
            Interlocked.Exchange(ref _last, now);
            _ = page.InvokeAsync(() =>
            {
                if (!token.IsCancellationRequested)
                {
                    page._progress = value;
                    page.StateHasChanged();
                }
            });
        }
    }
}
