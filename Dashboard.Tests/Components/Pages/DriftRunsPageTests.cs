using Bunit;
using LeadScoring.Core.Tests.DriftRuns;
using LeadScoring.Dashboard.Components.Pages;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LeadScoring.Dashboard.Tests.Components.Pages;

/// <summary>The Runs page on the drift fixture: its two uploads are recorded runs (baseline, then degraded).</summary>
[Trait("Store", "both")]
public sealed class DriftRunsPageTests : DashboardComponentContext, IClassFixture<DriftServiceFixture>
{
    private readonly DriftServiceFixture _fixture;

    public DriftRunsPageTests(DriftServiceFixture fixture)
    {
        _fixture = fixture;
        Services.AddSingleton(fixture.Runs);
        Render<MudPopoverProvider>();
    }

    private IRenderedComponent<DriftRuns> Open(string query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/drift/runs" + query);
        return Render<DriftRuns>();
    }

    private async Task<(long Baseline, long Degraded)> UploadRunsAsync() =>
        ((await _fixture.Runs.UploadRunOfAsync(_fixture.BaselineBatch))!.Value, (await _fixture.Runs.UploadRunOfAsync(_fixture.DegradedBatch))!.Value);

    [Fact]
    public async Task List_NewestFirst_WithKindTriggerSubjectAndLevel()
    {
        var (baseline, degraded) = await UploadRunsAsync();

        var cut = Open("");

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".drift-run-row")));
        var ids = cut.FindAll(".drift-run-row").Select(r => long.Parse(r.GetAttribute("data-run")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        var row = cut.FindAll(".drift-run-row").Single(r => r.GetAttribute("data-run") == degraded.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("upload", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("drift_quality_degradation.csv", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("v1", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("red", row.QuerySelector(".drift-badge")!.GetAttribute("data-level"));
        Assert.Contains(cut.FindAll(".drift-run-row"), r => r.GetAttribute("data-run") == baseline.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task OpenRun_RendersTheStoredReport_WithExportLink()
    {
        var (_, degraded) = await UploadRunsAsync();

        var cut = Open($"?run={degraded}");

        cut.WaitForAssertion(() => Assert.Contains("RED", cut.Find(".drift-summary").TextContent, StringComparison.Ordinal));
        Assert.Contains(cut.FindAll(".drift-row"), r => r.TextContent.Contains("llm_quality", StringComparison.Ordinal) && r.QuerySelector(".drifted-flag") is not null);
        Assert.Matches("^[0-9a-f]{64}$", cut.Find(".reference-hash").TextContent);
        Assert.Contains($"/api/drift-runs/{degraded}", cut.FindAll("a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task CompareTwo_HighlightsFlippedColumns_AndShareDelta()
    {
        var (baseline, degraded) = await UploadRunsAsync();

        var cut = Open($"?a={baseline}&b={degraded}");

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".comparison-row")));
        var flipped = cut.FindAll(".comparison-row.flipped").Select(r => r.GetAttribute("data-column")).ToList();
        Assert.Contains("llm_quality", flipped);
        Assert.DoesNotContain(cut.FindAll(".comparison-row"), r => r.GetAttribute("data-column") == "llm_quality" && !r.ClassList.Contains("flipped"));
        Assert.Contains("+", cut.Find(".comparison-share").TextContent, StringComparison.Ordinal);
        Assert.Contains("became drifted", cut.FindAll(".comparison-row.flipped").First(r => r.GetAttribute("data-column") == "llm_quality").TextContent,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task TickTwo_Compare_PutsThemInTheUrl()
    {
        var (baseline, degraded) = await UploadRunsAsync();
        var cut = Open("");
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".drift-run-row")));

        // Find and act in one renderer turn each: the list may re-render meanwhile (slower store answers on PostgreSQL).
        foreach (var id in new[] { degraded, baseline })
        {
            await cut.InvokeAsync(() => cut.FindAll(".drift-run-row")
                .Single(r => r.GetAttribute("data-run") == id.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .QuerySelector(".pick-run input")!.Change(true));
        }
        await cut.InvokeAsync(() => cut.Find(".compare-button").Click());

        cut.WaitForAssertion(() => Assert.EndsWith($"/drift/runs?a={baseline}&b={degraded}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownRun_SaysSo()
    {
        var cut = Open("?run=987654");

        cut.WaitForAssertion(() => Assert.Contains("987654", cut.Find(".drift-runs-error").TextContent, StringComparison.Ordinal));
    }
}
