using LeadScoring.Core.Models;
using LeadScoring.Core.Promotions;
using LeadScoring.Dashboard.Components.Registry;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace LeadScoring.Dashboard.Components.Pages;

public sealed partial class Models : IDisposable
{
    private IReadOnlyList<ModelVersionInfo> _versions = [];
    private IReadOnlyList<PromotionSummary> _promotions = [];
    private IDisposable? _subscription;

    [Inject] public required ModelRegistry Registry { get; init; }
    [Inject] public required ModelAdminCommands Commands { get; init; }
    [Inject] public required PromotionService Promotions { get; init; }
    [Inject] public required StoreChangeNotifier Notifier { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>Compared versions (registry ids) in the URL, so a comparison can be shared.</summary>
    [SupplyParameterFromQuery(Name = "a")] public int? A { get; set; }

    /// <summary>Start of the retrain window the Alerts page recommends (UTC, ISO 8601): pre-selects the labelled batches in it.</summary>
    [SupplyParameterFromQuery(Name = "from")] public string? RetrainFrom { get; set; }

    [SupplyParameterFromQuery(Name = "to")] public string? RetrainTo { get; set; }

    [SupplyParameterFromQuery(Name = "b")] public int? B { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _versions = await Registry.ListAsync();
        _promotions = await Promotions.ListAsync();
        _subscription = Notifier.Subscribe(StoreChange.Models, async _ =>
        {
            var versions = await Registry.ListAsync();
            var promotions = await Promotions.ListAsync();
            await InvokeAsync(() =>
            {
                _versions = versions;
                _promotions = promotions;
                StateHasChanged();
            });
        });
    }

    // Default comparison: the champion against the newest other version.
    private int? LeftId => A ?? _versions.FirstOrDefault(v => v.Status == Core.Storage.Entities.ModelStatus.Champion)?.Id;

    private int? RightId => B ?? _versions.FirstOrDefault(v => v.Id != LeftId)?.Id;

    private ModelVersionInfo? Find(int? id) => id is null ? null : _versions.FirstOrDefault(v => v.Id == id);

    private void Select(int? a, int? b) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?> { ["a"] = a, ["b"] = b }));

    private async Task PromoteAsync(ModelVersionInfo version)
    {
        var message = $"Make {version.Label} ({version.Name}) the champion? It starts serving every prediction immediately.";
        var answer = await AskReasonAsync("Promote", message, required: true, reason: null, policyReasons: []);
        if (answer is null)
        {
            return;
        }
        try
        {
            await RunAsync(user => Commands.PromoteAsync(user, version.Id, answer.Reason), r => r.Describe());
        }
        catch (PromotionRefusedException refused)
        {
            // The admin sees every unmet condition and may override with a reason of their own (audited, in the evidence).
            var again = await AskReasonAsync("Promote anyway", message, required: true, answer.Reason, refused.Reasons);
            if (again is not null)
            {
                await RunAsync(user => Commands.PromoteAsync(user, version.Id, again.Reason, again.OverrideReason), r => r.Describe());
            }
        }
    }

    private async Task<PromoteDialogAnswer?> AskReasonAsync(string action, string message, bool required, string? reason, IReadOnlyList<string> policyReasons)
    {
        var dialog = await Dialogs.ShowAsync<PromoteDialog>(action, new DialogParameters<PromoteDialog>
        {
            { d => d.Message, message }, { d => d.Action, action }, { d => d.ReasonRequired, required }, { d => d.Reason, reason },
            { d => d.PolicyReasons, policyReasons },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: PromoteDialogAnswer answer } ? answer : null;
    }

    private async Task DiscardAsync(ModelVersionInfo version)
    {
        if (!await ConfirmAsync("Discard", $"Archive candidate {version.Label} without promoting it?"))
        {
            return;
        }
        await RunAsync(user => Commands.DiscardCandidateAsync(user, version.Id), r => $"{r.Label} was archived.");
    }

    private async Task MarkChallengerAsync(ModelVersionInfo version)
    {
        if (!await ConfirmAsync("Shadow", $"Score every API request with {version.Label} too, off the request path, and compare it with the champion? Clients keep getting the champion's answers."))
        {
            return;
        }
        await RunAsync(user => Commands.MarkChallengerAsync(user, version.Id), r => $"{r.Label} is the challenger in shadow.");
    }

    private async Task ClearChallengerAsync()
    {
        if (!await ConfirmAsync("Stop shadow", "Stop scoring requests with the challenger? Its stored scores stay."))
        {
            return;
        }
        await RunAsync(user => Commands.ClearChallengerAsync(user), cleared => cleared ? "Shadow scoring stopped." : "No challenger was marked.");
    }

    // The registry rolls back to the most recently promoted archived version; without one the button has nothing to do.
    private bool CanRollBack => _versions.Any(v => v.Status == ModelStatus.Archived && v.PromotedAtUtc is not null);

    private async Task RollbackAsync()
    {
        var answer = await AskReasonAsync("Roll back", "Return to the version that was champion before the current one, with its own reference and threshold?",
            required: false, reason: null, policyReasons: []);
        if (answer is null)
        {
            return;
        }
        await RunAsync(user => Commands.RollbackAsync(user, answer.Reason), r => r is null ? "There is no earlier champion to roll back to." : r.Describe());
    }

    private async Task<bool> ConfirmAsync(string action, string message) =>
        await Dialogs.ShowMessageBoxAsync(action, message, yesText: action, cancelText: "Cancel") == true;

    private async Task RunAsync<T>(Func<System.Security.Claims.ClaimsPrincipal, Task<AdminResult<T>>> command, Func<T, string> describe)
    {
        var user = (await AuthenticationState!).User;
        try
        {
            var result = await command(user);
            if (!result.Allowed)
            {
                Snackbar.Add("Refused: this action needs an enabled admin account.", Severity.Error);
                return;
            }
            Snackbar.Add(describe(result.Value!), Severity.Success);
            _versions = await Registry.ListAsync();
            _promotions = await Promotions.ListAsync();
        }
        // A policy refusal goes back to the caller, which offers the override.
        catch (Exception ex) when (ex is (InvalidOperationException and not PromotionRefusedException) or KeyNotFoundException or InvalidDataException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
