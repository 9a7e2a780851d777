using System.Security.Claims;
using LeadScoring.Core.Models;
using LeadScoring.Engine.Scoring;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Services;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Security;

/// <summary>
/// The real app (v1 trained at start) with one extra candidate and one user per kind of caller. Principals are
/// made at "sign-in" time; demotion and disabling happen in the store afterwards, as they would during a session.
/// </summary>
public sealed class ModelAdminAppFixture : IAsyncLifetime
{
    private readonly Dictionary<string, ClaimsPrincipal> _principals = [];

    public DashboardAppFactory App { get; } = new();
    public IServiceProvider Services => App.Services;
    public ModelAdminCommands Commands => Services.GetRequiredService<ModelAdminCommands>();
    public ModelRegistry Registry => Services.GetRequiredService<ModelRegistry>();
    public RetrainService Retrain => Services.GetRequiredService<RetrainService>();
    public int CandidateId { get; private set; }
    public byte[] ChampionOnnx { get; private set; } = [];

    public ClaimsPrincipal Principal(string kind) => _principals[kind];

    public async Task InitializeAsync()
    {
        var champion = await Registry.ChampionAsync() ?? throw new InvalidOperationException("v1 was not trained at start");
        await using (var db = Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext())
        {
            var record = await db.ModelVersions.AsNoTracking().SingleAsync(m => m.Id == champion.Id);
            ChampionOnnx = record.OnnxModel;
            var candidate = await Registry.RegisterAsync(new NewModelVersion("candidate", "trained", record.OnnxModel, record.PipelineStateJson,
                FeatureColumns(record), record.DecisionThreshold, record.MetricsJson, null, null, null), "test");
            CandidateId = candidate.Id;
        }

        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<IdentityUser>>();
        _principals["anonymous"] = new ClaimsPrincipal(new ClaimsIdentity());
        _principals["admin"] = await factory.CreateAsync((await users.FindByNameAsync(DashboardAppFactory.AdminUser))!);
        _principals["viewer"] = await factory.CreateAsync(await CreateUserAsync(users, "viewer1", Roles.Viewer));

        var demoted = await CreateUserAsync(users, "demoted1", Roles.Admin);
        _principals["demoted admin"] = await factory.CreateAsync(demoted);
        Check(await users.RemoveFromRoleAsync(demoted, Roles.Admin));

        var disabled = await CreateUserAsync(users, "disabled1", Roles.Admin);
        _principals["disabled admin"] = await factory.CreateAsync(disabled);
        Check(await users.SetLockoutEnabledAsync(disabled, true));
        Check(await users.SetLockoutEndDateAsync(disabled, DateTimeOffset.UtcNow.AddYears(100)));
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>What an admin command could change: every version's status, the live model, the retrain jobs.</summary>
    public async Task<string> SnapshotAsync()
    {
        var versions = await Registry.ListAsync();
        var live = Services.GetRequiredService<ChampionHolder>().Current?.RegistryId;
        return string.Join(";", versions.Select(v => $"{v.Id}:{v.Status}")) + $"|live={live}|jobs={Retrain.Jobs.Count}";
    }

    public async Task<AuditRecord> LastAuditAsync()
    {
        await using var db = Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        return await db.AuditLog.AsNoTracking().OrderByDescending(a => a.Id).FirstAsync();
    }

    private static async Task<IdentityUser> CreateUserAsync(UserManager<IdentityUser> users, string name, string role)
    {
        var user = new IdentityUser(name);
        Check(await users.CreateAsync(user, "long-enough-password-" + name));
        Check(await users.AddToRoleAsync(user, role));
        return user;
    }

    private static string[] FeatureColumns(ModelVersionRecord record) =>
        System.Text.Json.JsonSerializer.Deserialize<string[]>(record.FeatureColumnsJson) ?? [];

    private static void Check(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
}
