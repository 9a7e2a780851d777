using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LeadScoring.Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ShellTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task Overview_OpensInChromium_ShowsNavigationToEveryPage()
    {
        var page = await fixture.OpenAsync("/");

        foreach (var name in new[] { "Overview", "Scores", "Latency", "Drift", "Predictions", "Upload", "Models" })
        {
            Assert.True(await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).IsVisibleAsync(), $"nav link {name}");
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "shell-overview.png") });
    }

    [BrowserFact]
    public async Task NavLink_Click_NavigatesWithoutReload()
    {
        var page = await fixture.OpenAsync("/");

        await BrowserFixture.ActUntilUrlAsync(page, () => page.GetByRole(AriaRole.Link, new() { Name = "Models", Exact = true }).ClickAsync(),
            url => url == fixture.BaseUrl + "/models");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Models" })).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task UserMenu_ChangePassword_OpensTheChangePasswordPage()
    {
        var page = await fixture.OpenAsync("/");

        await BrowserFixture.ActUntilUrlAsync(page, () => page.GetByRole(AriaRole.Link, new() { Name = "Change password" }).ClickAsync(),
            url => url == fixture.BaseUrl + "/Account/ChangePassword");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change password" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Current password")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task AnonymousVisit_RedirectsToSignIn_AndWrongPasswordIsRefused()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/drift");
        await page.WaitForURLAsync(url => url.Contains("/Account/Login", StringComparison.Ordinal), BrowserFixture.UrlCommitted);

        await page.GetByLabel("User name").FillAsync(DashboardAppFactory.AdminUser);
        await page.GetByLabel("Password").FillAsync("not-the-password-at-all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong user name or password");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "sign-in.png") });
    }
}
