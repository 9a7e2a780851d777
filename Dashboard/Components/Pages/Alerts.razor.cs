using System.Globalization;
using System.Security.Claims;
using LeadScoring.Core.Alerts;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Services;
using LeadScoring.Engine.Alerts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace LeadScoring.Dashboard.Components.Pages;

/// <summary>
/// What is firing, the rules and their states, the history and (for admins) the channels. Reloads when an evaluation
/// stores something (<see cref="StoreChange.Alerts"/>). Admin buttons only show for admins; every command is checked
/// again on the server by <see cref="AlertAdminCommands"/>.
/// </summary>
public sealed partial class Alerts
{
    [Inject] public required AlertStore Store { get; init; }
    [Inject] public required AlertEvaluationService Evaluation { get; init; }
    [Inject] public required RetrainAdvisor Advisor { get; init; }
    [Inject] public required AlertAdminCommands Commands { get; init; }
    [Inject] public required IAuthorizationService Authorization { get; init; }
    [Inject] public required IOptions<AlertOptions> Options { get; init; }

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    private bool _loaded, _isAdmin, _hasOlder;
    private IReadOnlyList<AlertView> _firing = [], _history = [];
    private IReadOnlyList<AlertSilenceView> _silences = [];
    private IReadOnlyList<AlertRuleOutcome> _rules = [];
    private IReadOnlyList<string> _ruleNames = [];
    private RetrainRecommendation? _recommendation;
    private string? _historyRule, _historyState, _rulesMessage;
    private long? _historyBefore;
    private Severity _rulesSeverity = Severity.Info;

    protected override StoreChange ReloadOn => StoreChange.Alerts;

    // Relative facts ("silenced until", the retrain period) move with the clock even when nothing is stored.
    protected override TimeSpan? RefreshEvery => TimeSpan.FromSeconds(30);

    private DateTime NowUtc => Time.GetUtcNow().UtcDateTime;

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        _isAdmin = (await Authorization.AuthorizeAsync(user, Policies.Admin)).Succeeded;
        _firing = await Store.AlertsAsync(firingOnly: true, cancellationToken);
        _silences = await Store.SilencesAsync(cancellationToken);
        _rules = await Evaluation.CurrentAsync(cancellationToken);
        _ruleNames = [.. _rules.Select(r => r.Rule.Name)];
        _recommendation = await Advisor.RecommendAsync(cancellationToken);
        await LoadHistoryAsync(cancellationToken);
        _loaded = true;
    }

    private async Task LoadHistoryAsync(CancellationToken cancellationToken = default)
    {
        _history = await Store.HistoryAsync(_historyBefore, _historyRule, _historyState, cancellationToken);
        _hasOlder = _history.Count >= Math.Max(1, Options.Value.HistoryPageSize);
    }

    private string When(DateTime? utc) => utc is { } at
        ? TimeZone.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        : "–";

    private DateTime LocalToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), TimeZone.Zone);

    private async Task<ClaimsPrincipal> UserAsync() => AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;

    private async Task<string?> AcknowledgeAsync(AlertView alert, string comment) =>
        await CommandAsync(user => Commands.AcknowledgeAsync(user, alert.Id, comment));

    private async Task<string?> SilenceAsync(string rule, DateTime untilUtc, string? comment) =>
        await CommandAsync(user => Commands.SilenceAsync(user, rule, untilUtc, comment));

    private async Task UnsilenceAsync(string rule) => await CommandAsync(user => Commands.UnsilenceAsync(user, rule));

    private async Task ImportAsync(string json) =>
        ShowRules(await CommandAsync(user => Commands.ImportAsync(user, json)), "Rules imported.");

    private async Task ResetAsync() =>
        ShowRules(await CommandAsync(user => Commands.ResetToDefaultsAsync(user)), "Rules reset to the defaults.");

    private async Task EvaluateAsync() =>
        ShowRules(await CommandAsync(user => Commands.EvaluateNowAsync(user)), "Evaluated every rule now.");

    private void ShowRules(string? error, string success) =>
        (_rulesMessage, _rulesSeverity) = error is null ? (success, Severity.Success) : (error, Severity.Error);

    // Runs an admin command, reloads, and returns the message to show when it was refused or rejected (null: done).
    private async Task<string?> CommandAsync<T>(Func<ClaimsPrincipal, Task<AdminResult<T>>> command)
    {
        string? error = null;
        try
        {
            var result = await command(await UserAsync());
            if (!result.Allowed)
            {
                error = "Refused: this action needs an enabled admin account.";
            }
        }
        catch (AlertRequestException ex)
        {
            error = ex.Message;
        }
        catch (AlertRulesFormatException ex)
        {
            error = ex.Message; // names the field: "rules[2].for: must be >= 0"
        }
        await ReloadAsync();
        StateHasChanged(); // the list calls back through a Func, which does not re-render this page by itself
        return error;
    }

    private async Task FilterAsync((string? Rule, string? State) filter)
    {
        (_historyRule, _historyState, _historyBefore) = (filter.Rule, filter.State, null);
        await LoadHistoryAsync();
    }

    private async Task OlderAsync(long lastShownId)
    {
        _historyBefore = lastShownId;
        await LoadHistoryAsync();
    }

    private async Task NewestAsync()
    {
        _historyBefore = null;
        await LoadHistoryAsync();
    }
}
