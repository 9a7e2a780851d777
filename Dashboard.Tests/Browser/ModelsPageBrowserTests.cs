using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LeadScoring.Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ModelsPageBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string ViewerPassword = "viewer-password-for-browser";

    [BrowserFact]
    public async Task Viewer_SeesRegistryButNoAdminControls()
    {
        await CreateViewerAsync("viewer-browser");
        var page = await fixture.OpenAsync("/models", "viewer-browser", ViewerPassword);

        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "v1", Exact = true })).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Retrain" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Roll back" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Register ONNX" }).CountAsync());
        await page.ScreenshotAsync(new() { Path = Shot("models-viewer.png"), FullPage = true });
    }

    [BrowserFact]
    public async Task Admin_RetrainsOnDemoData_ThenPromotesAndRollsBack()
    {
        var page = await fixture.OpenAsync("/models");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "v1", Exact = true })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Retrain", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Retrain progress" }).Or(page.GetByText("Retrain complete")))
            .ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Shot("models-retrain-running.png"), FullPage = true });
        await Assertions.Expect(page.GetByText("Retrain complete")).ToBeVisibleAsync(new() { Timeout = 180_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "v2", Exact = true })).ToBeVisibleAsync();
        // v1 against v2: what each model uses, side by side (both trained here, so both can be explained).
        await Assertions.Expect(page.GetByTestId("importance-compare").Locator(".importance-row")).ToHaveCountAsync(19, new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Shot("models-retrain-complete.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Promote v2", Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByLabel("Reason").FillAsync("retrained on the demo data");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Promote" }).ClickAsync();
        await Assertions.Expect(page.GetByText("v2 is now the champion:")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr.promotion-row").First).ToContainTextAsync("retrained on the demo data");
        await Assertions.Expect(StatusOf(page, "v2")).ToHaveTextAsync("champion");
        await page.ScreenshotAsync(new() { Path = Shot("models-promoted.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Roll back", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Roll back" }).ClickAsync();
        await Assertions.Expect(page.GetByText("v1 is champion again: its reference")).ToBeVisibleAsync();
        await Assertions.Expect(StatusOf(page, "v1")).ToHaveTextAsync("champion");
        await Assertions.Expect(StatusOf(page, "v2")).ToHaveTextAsync("archived");
        await page.ScreenshotAsync(new() { Path = Shot("models-rolled-back.png"), FullPage = true });
    }

    private static ILocator StatusOf(IPage page, string label) =>
        page.Locator("[aria-label='Model registry'] tr", new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = label, Exact = true }) })
            .Locator("td[data-label='Status']");

    private async Task CreateViewerAsync(string name)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByNameAsync(name) is not null)
        {
            return;
        }
        var user = new IdentityUser(name);
        Assert.True((await users.CreateAsync(user, ViewerPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Viewer)).Succeeded);
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ArtifactsDirectory, name);
}
