using System.Globalization;
using System.Security.Claims;
using LeadScoring.Engine.Scoring;
using LeadScoring.Core.Accounts;
using LeadScoring.Core.Batches;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

using LeadScoring.Engine.Reporting;

namespace LeadScoring.Dashboard.Components.Pages;

public sealed partial class Admin
{
    private IReadOnlyList<UserInfo> _users = [];
    private IReadOnlyList<ApiKeyInfo> _keys = [];
    private string? _message;
    private Severity _messageSeverity = Severity.Info;
    private CreatedApiKey? _newKey;
    private (string UserName, string Password)? _oneTimePassword;
    private string _newUser = "";
    private string _newPassword = "";
    private string _newRole = Roles.Viewer;
    private string _newKeyName = "";
    private ApiScope _newKeyScopes = ApiScopes.DefaultForNewKeys;
    private IReadOnlyList<BatchListItem> _batches = [];
    private double? _championThreshold;
    private int _championId;
    private string _championLabel = "";
    private double _threshold;

    [Inject]
    public required UserAdministrationService Users { get; init; }

    [Inject]
    public required ApiKeyService ApiKeys { get; init; }

    [Inject]
    public required BatchAdminCommands Batches { get; init; }

    [Inject]
    public required ModelAdminCommands Models { get; init; }

    [Inject]
    public required ChampionHolder Champion { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task<ClaimsPrincipal> MeAsync() => (await AuthenticationState).User;

    private async Task ReloadAsync()
    {
        var me = await MeAsync();
        _users = await Users.ListAsync(me) ?? [];
        _keys = await ApiKeys.ListAsync(me) ?? [];
        _batches = await Batches.ListAsync(me) ?? [];
        var live = Champion.Current;
        _championThreshold = live?.Threshold;
        _championId = live?.RegistryId ?? 0;
        _championLabel = live is null ? "" : $"{live.VersionId} ({live.Name})";
        _threshold = live?.Threshold ?? _threshold;
    }

    private async Task CreateUserAsync()
    {
        var result = await Users.CreateUserAsync(await MeAsync(), _newUser, _newPassword, _newRole);
        if (Report(result, $"User {_newUser.Trim()} added as {_newRole}."))
        {
            _newUser = _newPassword = "";
        }
        await ReloadAsync();
    }

    private async Task SetRoleAsync(UserInfo user, string role)
    {
        Report(await Users.SetRoleAsync(await MeAsync(), user.Id, role), $"{user.UserName} is now {role}; open pages of theirs re-check within a minute.");
        await ReloadAsync();
    }

    private async Task DisableAsync(UserInfo user)
    {
        Report(await Users.DisableAsync(await MeAsync(), user.Id), $"{user.UserName} is disabled.");
        await ReloadAsync();
    }

    private async Task EnableAsync(UserInfo user)
    {
        Report(await Users.EnableAsync(await MeAsync(), user.Id), $"{user.UserName} is enabled.");
        await ReloadAsync();
    }

    private async Task ResetPasswordAsync(UserInfo user)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Reset password",
            $"Give {user.UserName} a new one-time password? Their current password stops working and their sessions end within a minute.",
            yesText: "Reset", cancelText: "Cancel") == true;
        if (!confirmed)
        {
            return;
        }
        var password = OneTimePassword.Generate();
        var result = await Users.ResetPasswordAsync(await MeAsync(), user.Id, password);
        _oneTimePassword = Report(result, $"{user.UserName}'s password was reset.") ? (user.UserName, password) : null;
        await ReloadAsync();
    }

    private async Task CreateKeyAsync()
    {
        var result = await ApiKeys.CreateAsync(await MeAsync(), _newKeyName, _newKeyScopes);
        _newKey = result.Allowed ? result.Value : null;
        Show(result.Allowed ? null : "Refused: your account is no longer an enabled admin.", Severity.Error);
        _newKeyName = "";
        _newKeyScopes = ApiScopes.DefaultForNewKeys;
        await ReloadAsync();
    }

    private void ToggleScope(ApiScope scope, bool on) => _newKeyScopes = on ? _newKeyScopes | scope : _newKeyScopes & ~scope;

    private async Task RevokeAsync(ApiKeyInfo key)
    {
        var result = await ApiKeys.RevokeAsync(await MeAsync(), key.Id);
        Show(result.Allowed ? $"Key {key.Name} revoked." : "Refused: your account is no longer an enabled admin.", result.Allowed ? Severity.Success : Severity.Error);
        await ReloadAsync();
    }

    private async Task SaveThresholdAsync()
    {
        try
        {
            var result = await Models.SetThresholdAsync(await MeAsync(), _championId, _threshold);
            Show(result.Allowed ? $"Decision threshold of {_championLabel} is now {_threshold.ToString("0.###", CultureInfo.InvariantCulture)}." : Refused,
                result.Allowed ? Severity.Success : Severity.Error);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or KeyNotFoundException)
        {
            Show(ex is ArgumentOutOfRangeException ? "The decision threshold must be strictly between 0 and 1." : "That model version no longer exists.", Severity.Error);
        }
        await ReloadAsync();
    }

    private async Task DeleteBatchAsync(BatchListItem batch)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete batch",
            $"Delete batch {batch.Id} ({batch.FileName}) and its {Format.Count(batch.Rows)} predictions? This cannot be undone.",
            yesText: "Delete", cancelText: "Cancel") == true;
        if (!confirmed)
        {
            return;
        }
        try
        {
            var result = await Batches.DeleteBatchAsync(await MeAsync(), batch.Id);
            Show(result.Allowed ? $"Batch {batch.Id} ({batch.FileName}) and {Format.Count(result.Value!.PredictionsDeleted)} predictions deleted." : Refused,
                result.Allowed ? Severity.Success : Severity.Error);
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException)
        {
            Show(ex.Message, Severity.Error); // our own messages: "still being processed" / "does not exist"
        }
        await ReloadAsync();
    }

    private const string Refused = "Refused: your account is no longer an enabled admin.";

    private bool Report(AdminResult<UserCommandResult> result, string success)
    {
        if (!result.Allowed)
        {
            Show("Refused: your account is no longer an enabled admin.", Severity.Error);
            return false;
        }
        var ok = result.Value!.Succeeded;
        Show(ok ? success : string.Join(" ", result.Value.Errors), ok ? Severity.Success : Severity.Error);
        return ok;
    }

    private void Show(string? message, Severity severity)
    {
        _message = message;
        _messageSeverity = severity;
    }
}
