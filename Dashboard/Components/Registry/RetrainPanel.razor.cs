using LeadScoring.Core.Models;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Dashboard.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace LeadScoring.Dashboard.Components.Registry;

public sealed partial class RetrainPanel : IDisposable
{
    private readonly HashSet<long> _selected = [];
    private IReadOnlyList<LabelledBatchInfo> _batches = [];
    private bool _includeReference = true;
    private RetrainJob? _job;
    private IDisposable? _subscription;

    [Inject] public required RetrainService Retrain { get; init; }
    [Inject] public required RetrainDataLoader Loader { get; init; }
    [Inject] public required ModelAdminCommands Commands { get; init; }
    [Inject] public required StoreChangeNotifier Notifier { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>The registry as the page shows it (for the candidate's current status).</summary>
    [Parameter] public IReadOnlyList<ModelVersionInfo> Versions { get; set; } = [];

    [Parameter] public EventCallback<ModelVersionInfo> OnPromote { get; set; }

    [Parameter] public EventCallback<ModelVersionInfo> OnDiscard { get; set; }

    /// <summary>From the retrain recommendation: labelled batches uploaded in [from, to] start selected (UTC, ISO 8601).</summary>
    [Parameter] public string? PreselectFrom { get; set; }

    [Parameter] public string? PreselectTo { get; set; }

    private string? ReferenceDescription { get; set; }

    private bool Busy => _job is { IsFinished: false };

    protected override async Task OnInitializedAsync()
    {
        ReferenceDescription = await Task.Run(() => Loader.ReferenceDescription);
        _includeReference = ReferenceDescription is not null;
        _job = Retrain.Jobs.FirstOrDefault();
        _batches = await Loader.LabelledBatchesAsync();
        Preselect();
        _subscription = Notifier.Subscribe(StoreChange.Retrain | StoreChange.Batches | StoreChange.Models, OnChangedAsync);
    }

    private async Task OnChangedAsync(StoreChange change)
    {
        var batches = (change & (StoreChange.Batches | StoreChange.Models)) != 0 ? await Loader.LabelledBatchesAsync() : _batches;
        await InvokeAsync(() =>
        {
            _batches = batches;
            _job = Retrain.Jobs.FirstOrDefault();
            StateHasChanged();
        });
    }

    private void Preselect()
    {
        var styles = System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal;
        if (DateTime.TryParse(PreselectFrom, System.Globalization.CultureInfo.InvariantCulture, styles, out var from)
            && DateTime.TryParse(PreselectTo, System.Globalization.CultureInfo.InvariantCulture, styles, out var to))
        {
            // A batch's rows are stamped at upload, so its creation time places it in the window.
            foreach (var batch in _batches.Where(b => b.Usable && b.CreatedAtUtc >= from.AddMinutes(-1) && b.CreatedAtUtc <= to.AddMinutes(1)))
            {
                _selected.Add(batch.BatchId);
            }
        }
    }

    private void Toggle(long batchId, bool selected)
    {
        if (selected)
        {
            _selected.Add(batchId);
        }
        else
        {
            _selected.Remove(batchId);
        }
    }

    private ModelStatus? CurrentStatus(ModelVersionInfo candidate) => Versions.FirstOrDefault(v => v.Id == candidate.Id)?.Status ?? candidate.Status;

    private async Task StartAsync()
    {
        var user = (await AuthenticationState!).User;
        try
        {
            var result = await Commands.StartRetrainAsync(user, new RetrainRequest(_includeReference, [.. _selected]));
            if (!result.Allowed)
            {
                Snackbar.Add("Only admins can retrain.", Severity.Error);
                return;
            }
            _job = result.Value;
        }
        catch (InvalidOperationException ex)
        {
            Snackbar.Add(ex.Message, Severity.Warning);
        }
    }

    private async Task CancelAsync()
    {
        if (_job is null)
        {
            return;
        }
        var user = (await AuthenticationState!).User;
        var result = await Commands.CancelRetrainAsync(user, _job.Id);
        if (!result.Allowed)
        {
            Snackbar.Add("Only admins can cancel a retrain.", Severity.Error);
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
