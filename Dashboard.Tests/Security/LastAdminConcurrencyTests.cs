using System.Security.Claims;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Security;

/// <summary>
/// The last-admin rule under concurrency: two admins (the only two) demoting or disabling each other at the same
/// moment leave exactly one enabled admin, round after round.
/// </summary>
[Trait("Store", "both")]
public sealed class LastAdminConcurrencyTests(DashboardAppFactory factory) : IClassFixture<DashboardAppFactory>
{
    [Theory]
    [InlineData("demote")]
    [InlineData("disable")]
    public Task TwoAdminsRemovingEachOtherAtOnce_LeaveOneEnabledAdmin(string how) => new LastAdminScenario(factory).RunAsync(how);
}

/// <summary>
/// The same on PostgreSQL (SERIALIZABLE there, BEGIN IMMEDIATE on SQLite), and the server's recovery command on a
/// PostgreSQL store the dashboard is running on.
/// </summary>
public sealed class PostgresAccountTests(PostgresDashboardAppFactory factory) : IClassFixture<PostgresDashboardAppFactory>
{
    [LeadScoring.Core.Tests.Storage.PostgresFact]
    public async Task ResetPasswordCli_OnTheRunningDashboardsPostgresStore_IssuesAOneTimePasswordThatMustBeChanged()
    {
        _ = factory.Services; // started: schema and the first admin exist
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = Cli.Program.BuildRootCommand()
            .Parse(["admin", "reset-password", "--user", DashboardAppFactory.AdminUser, "--store", factory.Settings["Storage:ConnectionString"]!])
            .Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });

        Assert.True(exit == 0, error.ToString());
        var password = output.ToString().Split('\n').Single(l => l.StartsWith("One-time password", StringComparison.Ordinal)).Split(": ")[1].Trim();
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signIn = await SecurityTestHelpers.PostSignInAsync(client, DashboardAppFactory.AdminUser, password);
        Assert.Equal(PasswordChange.PagePath, SessionAndPasswordTests.RedirectPath(signIn));
    }

    [LeadScoring.Core.Tests.Storage.PostgresFact]
    public Task TwoAdminsDemotingEachOtherAtOnce_LeaveOneEnabledAdmin() => new LastAdminScenario(factory).RunAsync("demote");

    [LeadScoring.Core.Tests.Storage.PostgresFact]
    public Task TwoAdminsDisablingEachOtherAtOnce_LeaveOneEnabledAdmin() => new LastAdminScenario(factory).RunAsync("disable");
}

/// <summary>Rounds of two admins removing each other at once, on a store where they are the only admins.</summary>
internal sealed class LastAdminScenario(DashboardAppFactory factory)
{
    public async Task RunAsync(string how)
    {
        for (var round = 0; round < 8; round++)
        {
            var a = $"{how}-a-{round}";
            var b = $"{how}-b-{round}";
            var principalA = await SecurityTestHelpers.EnsureUserAsync(factory.Services, a, Roles.Admin);
            var principalB = await SecurityTestHelpers.EnsureUserAsync(factory.Services, b, Roles.Admin);
            await LeaveOnlyAdminsAsync(a, b);
            var idA = await SecurityTestHelpers.UserIdAsync(factory.Services, a);
            var idB = await SecurityTestHelpers.UserIdAsync(factory.Services, b);

            using var start = new Barrier(2);
            await Task.WhenAll(
                Task.Run(() => RemoveAsync(principalA, idB, how, start)),
                Task.Run(() => RemoveAsync(principalB, idA, how, start)));

            Assert.Equal(1, await EnabledAdminCountAsync());
        }
    }

    private async Task RemoveAsync(ClaimsPrincipal caller, string targetId, string how, Barrier start)
    {
        // Each caller on its own circuit scope, as two admins on two pages.
        await using var scope = factory.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<UserAdministrationService>();
        start.SignalAndWait();
        _ = how == "demote" ? await service.SetRoleAsync(caller, targetId, Roles.Viewer) : await service.DisableAsync(caller, targetId);
    }

    /// <summary>Demotes every other admin straight in the store, so the two are the only ones.</summary>
    private async Task LeaveOnlyAdminsAsync(params string[] keep)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        foreach (var admin in await users.GetUsersInRoleAsync(Roles.Admin))
        {
            if (!keep.Contains(admin.UserName))
            {
                Assert.True((await users.RemoveFromRoleAsync(admin, Roles.Admin)).Succeeded);
            }
        }
    }

    private async Task<int> EnabledAdminCountAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        return (await users.GetUsersInRoleAsync(Roles.Admin)).Count(u => !UserAdministrationService.IsDisabled(u));
    }
}
