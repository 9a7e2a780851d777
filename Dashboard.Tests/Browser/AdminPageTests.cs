using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LeadScoring.Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AdminPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task Admin_CreatesViewerAndApiKey_ViewerCannotOpenThePage()
    {
        var page = await fixture.OpenAsync("/admin");
        await Assertions.Expect(page.GetByTestId("users")).ToContainTextAsync(DashboardAppFactory.AdminUser);

        await page.GetByLabel("User name").FillAsync("ops-viewer");
        await page.GetByLabel("Initial password (12+ characters)").FillAsync("a calm river at dawn");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("users")).ToContainTextAsync("ops-viewer");

        await page.GetByLabel("Key name (e.g. nightly CRM export)").FillAsync("nightly export");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("new-api-key")).ToContainTextAsync("nightly export");
        await Assertions.Expect(page.GetByTestId("api-keys")).ToContainTextAsync("active");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "admin.png"), FullPage = true });

        var viewer = await fixture.NewPageAsync();
        await fixture.SignInAsync(viewer, "ops-viewer", "a calm river at dawn");
        await viewer.GotoAsync(fixture.BaseUrl + "/admin");
        // The page's policy is enforced on the server request, before any component renders.
        await Assertions.Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
        await viewer.GotoAsync(fixture.BaseUrl + "/");
        await viewer.WaitForSelectorAsync(".mud-appbar");
        await Assertions.Expect(viewer.GetByRole(AriaRole.Link, new() { Name = "Users and keys" })).ToHaveCountAsync(0);
    }
}
