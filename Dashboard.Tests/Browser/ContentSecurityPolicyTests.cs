using LeadScoring.Dashboard.Tests.Infrastructure;

namespace LeadScoring.Dashboard.Tests.Browser;

/// <summary>
/// The CSP in a real browser: every page renders through the Blazor circuit (script-src 'self', WebSocket on the
/// same origin) and Plotly draws a histogram and a scatter with hover text, with no CSP violation reported.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    // Injected through DevTools (not subject to the page's CSP) before any page script runs.
    private const string RecordViolations =
        "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));";

    [BrowserFact]
    public async Task EveryPageAndAPlotlyChart_RenderUnderTheCsp_WithoutViolations()
    {
        var page = await fixture.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, m) => console.Add(m.Type + ": " + m.Text);
        await page.AddInitScriptAsync(RecordViolations);
        await fixture.SignInAsync(page, DashboardAppFactory.AdminUser, DashboardAppFactory.AdminPassword);
        var violations = new List<string>();
        foreach (var path in new[] { "/", "/scores", "/latency", "/drift", "/predictions", "/upload", "/models" })
        {
            var response = await page.GotoAsync(fixture.BaseUrl + path);
            Assert.Contains("frame-ancestors 'none'", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
            await page.WaitForSelectorAsync(".mud-appbar", new() { Timeout = 30_000 });
            violations.AddRange(await page.EvaluateAsync<string[]>("window.__csp"));
        }

        // Plotly as the chart components load it: a same-origin script from the package's static assets.
        await page.AddScriptTagAsync(new() { Url = "/_content/Plotly.Blazor/plotly-3.7.0.min.js" });
        await page.EvaluateAsync("""
            () => {
              const div = document.createElement('div');
              div.id = 'csp-chart'; div.style.width = '700px'; div.style.height = '400px';
              document.querySelector('.mud-main-content, body').prepend(div);
              const x = Array.from({length: 500}, (_, i) => Math.sin(i) * 50 + 50);
              return Plotly.newPlot(div, [
                { type: 'histogram', x, nbinsx: 20, name: 'scores' },
                { type: 'scatter', mode: 'markers', x: [10, 50, 90], y: [5, 20, 8], text: ['&lt;script&gt;alert(1)&lt;/script&gt;', 'b', 'c'], hoverinfo: 'text', name: 'uploaded text' },
              ], { title: { text: 'CSP check' } });
            }
            """);
        await page.WaitForSelectorAsync("#csp-chart .main-svg");
        await page.HoverAsync("#csp-chart .scatterlayer .point >> nth=0", new() { Force = true });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "csp-plotly.png") });
        violations.AddRange(await page.EvaluateAsync<string[]>("window.__csp"));

        Assert.Empty(violations);
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('script:not([src])').length - document.querySelectorAll('script[type=\"importmap\"]').length"));
    }

    [BrowserFact]
    public async Task ApiDocs_RenderTheEndpointsUnderTheCsp_WithANonceNotUnsafeInline()
    {
        var page = await fixture.NewPageAsync();
        await page.AddInitScriptAsync(RecordViolations);

        var response = await page.GotoAsync(fixture.BaseUrl + "/docs/");
        var csp = (await response!.AllHeadersAsync())["content-security-policy"];
        await page.GetByText("Score one lead").First.WaitForAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "api-docs.png") });
        // Scalar probes eval once (a feature test); the CSP blocks it and the reference renders without it.
        var violations = (await page.EvaluateAsync<string[]>("window.__csp")).Where(v => v != "script-src eval").ToList();

        Assert.Contains("'nonce-", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.True(await page.GetByText("Upload a CSV batch").Or(page.GetByText("Score 1 to 10,000 leads")).First.IsVisibleAsync());
        Assert.Empty(violations);
    }
}
