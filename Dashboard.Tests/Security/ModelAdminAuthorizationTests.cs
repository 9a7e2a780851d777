using LeadScoring.Core.Models;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Dashboard.Services;

namespace LeadScoring.Dashboard.Tests.Security;

/// <summary>
/// Every model admin command called on the server side with a crafted principal: refused for anyone who is not an
/// enabled admin in the store (the cookie may still say Admin), state unchanged, the attempt audited.
/// </summary>
public sealed class ModelAdminAuthorizationTests(ModelAdminAppFixture fixture) : IClassFixture<ModelAdminAppFixture>
{
    public static TheoryData<string, string> RefusedCalls()
    {
        var data = new TheoryData<string, string>();
        foreach (var caller in new[] { "anonymous", "viewer", "demoted admin", "disabled admin" })
        {
            foreach (var action in new[] { "retrain", "promote", "rollback", "register", "discard" })
            {
                data.Add(caller, action);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RefusedCalls))]
    public async Task AdminCommand_CallerNotAnEnabledAdmin_IsRefusedChangesNothingAndIsAudited(string caller, string action)
    {
        var before = await fixture.SnapshotAsync();

        var allowed = await InvokeAsync(caller, action);

        Assert.False(allowed);
        Assert.Equal(before, await fixture.SnapshotAsync());
        var audit = await fixture.LastAuditAsync();
        Assert.Equal(ActionName(action), audit.Action);
        Assert.False(audit.Succeeded);
        Assert.StartsWith("refused", audit.Detail, StringComparison.Ordinal);
        Assert.Equal(caller switch
        {
            "anonymous" => "anonymous",
            "viewer" => "viewer1",
            "demoted admin" => "demoted1",
            _ => "disabled1",
        }, audit.UserName);
    }

    internal static string ActionName(string action) => action switch
    {
        "retrain" => "model.retrain",
        "promote" => "model.promote",
        "rollback" => "model.rollback",
        "register" => "model.register",
        _ => "model.discard",
    };

    private async Task<bool> InvokeAsync(string caller, string action)
    {
        var user = fixture.Principal(caller);
        var commands = fixture.Commands;
        return action switch
        {
            "retrain" => (await commands.StartRetrainAsync(user, new RetrainRequest(true, []))).Allowed,
            "promote" => (await commands.PromoteAsync(user, fixture.CandidateId, "authorization test")).Allowed,
            "rollback" => (await commands.RollbackAsync(user)).Allowed,
            "register" => (await commands.RegisterOnnxAsync(user, new OnnxRegistration("x", "x.onnx", fixture.ChampionOnnx, null, 0.5))).Allowed,
            _ => (await commands.DiscardCandidateAsync(user, fixture.CandidateId)).Allowed,
        };
    }
}

/// <summary>The same commands as an enabled admin: allowed, effective and audited as succeeded.</summary>
public sealed class ModelAdminAllowedTests(ModelAdminAppFixture fixture) : IClassFixture<ModelAdminAppFixture>
{
    [Fact]
    public async Task Admin_RegisterPromoteRollbackDiscardRetrain_AllSucceedAndAreAudited()
    {
        var admin = fixture.Principal("admin");
        var championBefore = (await fixture.Registry.ChampionAsync())!.Id;

        var registered = await fixture.Commands.RegisterOnnxAsync(admin, new OnnxRegistration("copy", "copy.onnx", fixture.ChampionOnnx, null, 0.4));
        Assert.True(registered.Allowed);
        Assert.Equal(ModelStatus.Candidate, registered.Value!.Status);
        Assert.Equal("imported", registered.Value.Origin);
        Assert.Equal("model.register", (await fixture.LastAuditAsync()).Action);

        var promoted = await fixture.Commands.PromoteAsync(admin, registered.Value.Id, "same model, lower threshold");
        Assert.True(promoted.Allowed);
        Assert.Equal(registered.Value.Id, (await fixture.Registry.ChampionAsync())!.Id);

        var rolledBack = await fixture.Commands.RollbackAsync(admin);
        Assert.True(rolledBack.Allowed);
        Assert.Equal(championBefore, rolledBack.Value!.Champion.Id);
        Assert.Equal(championBefore, (await fixture.Registry.ChampionAsync())!.Id);

        var discarded = await fixture.Commands.DiscardCandidateAsync(admin, fixture.CandidateId);
        Assert.True(discarded.Allowed);
        Assert.Equal(ModelStatus.Archived, discarded.Value!.Status);

        var retrain = await fixture.Commands.StartRetrainAsync(admin, new RetrainRequest(true, []));
        Assert.True(retrain.Allowed);
        Assert.Equal(DashboardAdminName, retrain.Value!.RequestedBy);
        Assert.True((await fixture.Commands.CancelRetrainAsync(admin, retrain.Value.Id)).Allowed);

        var audit = await fixture.LastAuditAsync();
        Assert.Equal("model.retrain.cancel", audit.Action);
        Assert.True(audit.Succeeded);
        Assert.Equal(DashboardAdminName, audit.UserName);
    }

    [Fact]
    public async Task Admin_DiscardChampion_FailsAndIsAuditedAsFailed()
    {
        var admin = fixture.Principal("admin");
        var champion = (await fixture.Registry.ChampionAsync())!;

        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Commands.DiscardCandidateAsync(admin, champion.Id));

        var audit = await fixture.LastAuditAsync();
        Assert.Equal("model.discard", audit.Action);
        Assert.False(audit.Succeeded);
        Assert.StartsWith("failed", audit.Detail, StringComparison.Ordinal);
        Assert.Equal(ModelStatus.Champion, (await fixture.Registry.ChampionAsync())!.Status);
    }

    private const string DashboardAdminName = Infrastructure.DashboardAppFactory.AdminUser;
}
