using Bunit;
using Bunit.Rendering;
using LeadScoring.Engine.Scoring;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Dashboard.Components.Pages;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Services;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LeadScoring.Dashboard.Tests.Components.Pages;

/// <summary>
/// The admin page's Batches and Decision threshold sections against the real app's services (v1 trained at start),
/// signed in as the seeded admin: delete asks first, then removes the batch; Save changes the live threshold.
/// </summary>
[Trait("Store", "both")]
public sealed class AdminDataSectionTests : IAsyncLifetime
{
    private readonly DashboardAppFactory _app = new();
    private readonly BunitContext _context = new();
    private AsyncServiceScope _circuit;

    public async Task InitializeAsync()
    {
        _ = _app.Services; // starts the app (trains v1)
        _circuit = _app.Services.CreateAsyncScope();
        var admin = await SecurityTestHelpers.PrincipalAsync(_app.Services, DashboardAppFactory.AdminUser);
        var auth = _context.AddAuthorization();
        auth.SetAuthorized(DashboardAppFactory.AdminUser);
        auth.SetRoles(Roles.Admin);
        auth.SetClaims([.. admin.Claims]);
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddSingleton(_circuit.ServiceProvider.GetRequiredService<UserAdministrationService>());
        _context.Services.AddSingleton(_circuit.ServiceProvider.GetRequiredService<ApiKeyService>());
        _context.Services.AddSingleton(_app.Services.GetRequiredService<BatchAdminCommands>());
        _context.Services.AddSingleton(_app.Services.GetRequiredService<ModelAdminCommands>());
        _context.Services.AddSingleton(Champion);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _circuit.DisposeAsync();
        await _app.DisposeAsync();
    }

    private ChampionHolder Champion => _app.Services.GetRequiredService<ChampionHolder>();

    [Fact]
    public async Task DeleteBatch_AsksFirst_CancelKeepsIt_ConfirmRemovesItAndItsPredictions()
    {
        var doomed = await AddBatchAsync("to-delete.csv");
        var kept = await AddBatchAsync("to-keep.csv");
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Contains("to-delete.csv", page.Find("[data-testid='batches']").TextContent, StringComparison.Ordinal));

        DeleteButtonOf(page, "to-delete.csv").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-dialog")));
        DialogButton(page, "Cancel").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        Assert.True(await BatchExistsAsync(doomed));

        DeleteButtonOf(page, "to-delete.csv").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-dialog")));
        DialogButton(page, "Delete").Click();

        page.WaitForAssertion(() => Assert.Contains($"Batch {doomed} (to-delete.csv) and 2 predictions deleted.", page.Markup, StringComparison.Ordinal));
        Assert.False(await BatchExistsAsync(doomed));
        Assert.True(await BatchExistsAsync(kept));
        Assert.DoesNotContain("to-delete.csv", page.Find("[data-testid='batches']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveThreshold_ChangesTheLiveChampionAndShowsIt()
    {
        var before = Champion.Current!.Threshold;
        var wanted = before == 0.42 ? 0.43 : 0.42;
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Contains("Champion v", page.Find("[data-testid='decision-threshold']").TextContent, StringComparison.Ordinal));

        // Find and act in one renderer turn: the page's other sections load meanwhile and re-render it (slower on PostgreSQL).
        await page.InvokeAsync(() => page.Find("[data-testid='decision-threshold'] input").Change(wanted.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await page.InvokeAsync(() => page.FindAll("[data-testid='decision-threshold'] button").Single(b => b.TextContent.Trim() == "Save").Click());

        page.WaitForAssertion(() => Assert.Equal(wanted, Champion.Current!.Threshold));
        page.WaitForAssertion(() => Assert.Contains("is now " + wanted.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResetPassword_AsksFirst_ShowsAOneTimePassword_TheUserMustChangeIt()
    {
        await SecurityTestHelpers.EnsureUserAsync(_app.Services, "ui-reset-1", Roles.Viewer);
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Contains("ui-reset-1", page.Find("[data-testid='users']").TextContent, StringComparison.Ordinal));

        page.FindAll("[data-testid='users'] tbody tr").Single(r => r.TextContent.Contains("ui-reset-1", StringComparison.Ordinal))
            .QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Reset password").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-dialog")));
        DialogButton(page, "Reset").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='one-time-password'] code")));
        var password = page.Find("[data-testid='one-time-password'] code").TextContent;
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Microsoft.AspNetCore.Identity.IdentityUser>>();
        var user = (await users.FindByNameAsync("ui-reset-1"))!;
        Assert.True(await users.CheckPasswordAsync(user, password));
        Assert.True(await PasswordChange.IsRequiredAsync(users, user));
    }

    [Fact]
    public async Task CreateKey_WithTheChosenScopes_StoresAndListsThem()
    {
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='api-keys']")));
        Assert.True(ScopeBox(page, "ingest").IsChecked);
        Assert.True(ScopeBox(page, "read").IsChecked);
        Assert.False(ScopeBox(page, "admin").IsChecked);

        // Find and act in one renderer turn each: the page's other sections load meanwhile and re-render it.
        await page.InvokeAsync(() => ScopeBox(page, "ingest").Change(false));
        await page.InvokeAsync(() => ScopeBox(page, "admin").Change(true));
        await page.InvokeAsync(() => page.Find("input[maxlength='200']").Input("ui scoped key"));
        await page.InvokeAsync(() => page.FindAll("button").Single(b => b.TextContent.Trim() == "Create key").Click());

        page.WaitForAssertion(() => Assert.Contains("ui scoped key", page.Find("[data-testid='new-api-key']").TextContent, StringComparison.Ordinal));
        Assert.Contains("scopes: read, admin", page.Find("[data-testid='new-api-key']").TextContent, StringComparison.Ordinal);
        // The list reloads after the new key shows: wait for its row rather than reading the list once.
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid='api-keys'] tbody tr"), r => r.TextContent.Contains("ui scoped key", StringComparison.Ordinal)));
        var row = page.FindAll("[data-testid='api-keys'] tbody tr").Single(r => r.TextContent.Contains("ui scoped key", StringComparison.Ordinal));
        Assert.Equal("read, admin", row.QuerySelector("[data-testid='api-key-scopes']")!.TextContent.Trim());
        await using var db = _app.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        Assert.Equal("read,admin", (await db.ApiKeys.SingleAsync(k => k.Name == "ui scoped key")).Scopes);
    }

    private static AngleSharp.Html.Dom.IHtmlInputElement ScopeBox(IRenderedComponent<ContainerFragment> page, string scope) =>
        (AngleSharp.Html.Dom.IHtmlInputElement)page.Find($"[data-testid='scope-{scope}'] input[type='checkbox'], input[type='checkbox'][data-testid='scope-{scope}']");

    private IRenderedComponent<ContainerFragment> RenderPage() =>
        _context.Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<Admin>(2);
            builder.CloseComponent();
        });

    private static AngleSharp.Dom.IElement DeleteButtonOf(IRenderedComponent<ContainerFragment> page, string fileName) =>
        page.FindAll("[data-testid='batches'] tbody tr").Single(r => r.TextContent.Contains(fileName, StringComparison.Ordinal))
            .QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Delete");

    private static AngleSharp.Dom.IElement DialogButton(IRenderedComponent<ContainerFragment> page, string text) =>
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    private async Task<long> AddBatchAsync(string fileName)
    {
        await using var db = _app.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        var batch = new BatchRecord
        {
            FileName = fileName, UploadedBy = "test", CreatedAtUtc = DateTime.UtcNow, Status = BatchStatus.Completed, Schema = "raw",
            TotalRows = 2, StoredRows = 2,
        };
        db.Batches.Add(batch);
        await db.SaveChangesAsync();
        for (var i = 0; i < 2; i++)
        {
            db.Predictions.Add(new PredictionRecord
            {
                TimestampMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), BatchId = batch.Id, ModelVersionId = Champion.Current!.RegistryId,
                Score = 0.2 + (0.5 * i), Features = FeatureBlob.Pack([1.0, 2.0]), Source = PredictionSource.Upload,
            });
        }
        await db.SaveChangesAsync();
        return batch.Id;
    }

    private async Task<bool> BatchExistsAsync(long id)
    {
        await using var db = _app.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        return await db.Batches.AnyAsync(b => b.Id == id) || await db.Predictions.AnyAsync(p => p.BatchId == id);
    }
}
