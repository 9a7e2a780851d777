using Bunit;
using LeadScoring.Dashboard.Components.Pages;
using LeadScoring.Core.Tests.DriftRuns;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LeadScoring.Dashboard.Tests.Components.Pages;

[Trait("Store", "both")]
public sealed class DriftPageTests : DashboardComponentContext, IClassFixture<DriftServiceFixture>
{
    private readonly DriftServiceFixture _fixture;

    public DriftPageTests(DriftServiceFixture fixture)
    {
        _fixture = fixture;
        Services.AddSingleton(fixture.Service());
        Services.AddSingleton(fixture.Registry);
        Services.AddSingleton(new LeadScoring.Core.Explanations.ExplanationService(fixture.Store.Factory, fixture.Champion));
        Services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>));
        // Both fixture batches (08:00 and 14:00 on 2026-03-01) are inside the last 24 h at 15:00.
        Services.AddSingleton<TimeProvider>(new FixedTimeProvider(DriftServiceFixture.DegradedAt.AddHours(1)));
        Render<MudPopoverProvider>();
    }

    private IRenderedComponent<Drift> Open(string query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/drift" + query);
        return Render<Drift>();
    }

    [Fact]
    public void NoSelection_OpensLatestBatch_RedWithFlaggedFeatures()
    {
        var cut = Open("");

        cut.WaitForAssertion(() => Assert.Contains("RED", cut.Find(".drift-summary").TextContent, StringComparison.Ordinal));
        Assert.Contains("drift_quality_degradation.csv", cut.Find(".drift-summary").TextContent, StringComparison.Ordinal);
        Assert.Contains(cut.FindAll(".drift-row"), r => r.TextContent.Contains("llm_quality", StringComparison.Ordinal) && r.QuerySelector(".drifted-flag") is not null);
        // No feature in the URL: the first drifted feature is shown.
        Assert.Equal("llm_quality", cut.Find(".drift-overlay").GetAttribute("data-column"));
        Assert.Contains($"/api/drift/report?batch={_fixture.DegradedBatch}&profile=evidently&format=html",
            cut.FindAll("a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task StoredBatchReport_LinksToItsUploadRun_AndThePageToTheRunsList()
    {
        var uploadRun = await _fixture.Runs.UploadRunOfAsync(_fixture.DegradedBatch);

        var cut = Open($"?batch={_fixture.DegradedBatch}");

        cut.WaitForAssertion(() => Assert.Contains($"run #{uploadRun}", cut.Find(".drift-run-link").TextContent, StringComparison.Ordinal));
        Assert.Equal($"drift/runs?run={uploadRun}", cut.Find(".drift-run-link").GetAttribute("href"));
        Assert.Equal("drift/runs", cut.Find(".drift-runs-link").GetAttribute("href"));
    }

    [Fact]
    public void BatchAndFeatureInUrl_ShowsThatBatchAndFeature()
    {
        var cut = Open($"?batch={_fixture.BaselineBatch}&feature=companytype");

        cut.WaitForAssertion(() => Assert.Contains("no_drift_baseline.csv", cut.Find(".drift-summary").TextContent, StringComparison.Ordinal));
        Assert.Equal("companytype", cut.Find(".drift-overlay").GetAttribute("data-column"));
        Assert.Contains("selected-feature", cut.FindAll(".drift-row").Single(r => r.TextContent.StartsWith("companytype", StringComparison.Ordinal)).ClassName);
    }

    [Fact]
    public void TimeWindow_TestsStoredPredictionsOfTheWindow()
    {
        var cut = Open("?window=24h");

        cut.WaitForAssertion(() => Assert.Contains("2,000 rows", cut.Find(".drift-summary").TextContent, StringComparison.Ordinal));
        Assert.Contains("Predictions 2026-02-28 15:00", cut.Find(".drift-summary").TextContent, StringComparison.Ordinal);
        Assert.Contains(cut.FindAll("a"), a => a.GetAttribute("href")?.StartsWith("/api/drift/report?from=", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void OneHourWindowOfOneModel_OnlyTheNewerBatch()
    {
        var cut = Open($"?window=1h&model={_fixture.VersionId}");

        cut.WaitForAssertion(() => Assert.Contains("(1,000 rows)", cut.Find(".drift-summary").TextContent, StringComparison.Ordinal));
        Assert.Contains($"modelVersion={_fixture.VersionId}", cut.FindAll("a").Select(a => a.GetAttribute("href") ?? "").Single(h => h.Contains("format=html", StringComparison.Ordinal)),
            StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownBatch_ShowsMessage()
    {
        var cut = Open("?batch=987654");

        cut.WaitForAssertion(() => Assert.Equal("Batch 987654 does not exist.", cut.Find(".drift-error").TextContent.Trim()));
    }

    [Fact]
    public void NannyMlProfile_RecordedInSummary()
    {
        var cut = Open($"?batch={_fixture.DegradedBatch}&profile=nannyml");

        cut.WaitForAssertion(() => Assert.Contains("NannyML-style", cut.Find(".drift-profile").TextContent, StringComparison.Ordinal));
        Assert.All(cut.FindAll(".drift-row"), r => Assert.Contains("Jensen", r.TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void FeatureChange_SwapsTheChart_WithoutRecomputing()
    {
        var cut = Open($"?batch={_fixture.DegradedBatch}");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Instance.CurrentRun));
        var run = cut.Instance.CurrentRun;

        cut.InvokeAsync(() => Services.GetRequiredService<NavigationManager>().NavigateTo($"/drift?batch={_fixture.DegradedBatch}&feature=industry"));

        cut.WaitForAssertion(() => Assert.Equal("industry", cut.Find(".drift-overlay").GetAttribute("data-column")));
        Assert.Same(run, cut.Instance.CurrentRun);
    }

    [Fact]
    public void ProfileChange_Recomputes()
    {
        var cut = Open($"?batch={_fixture.DegradedBatch}");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Instance.CurrentRun));

        cut.InvokeAsync(() => Services.GetRequiredService<NavigationManager>().NavigateTo($"/drift?batch={_fixture.DegradedBatch}&profile=nannyml"));

        cut.WaitForAssertion(() => Assert.Equal(LeadScoring.Engine.Drift.DriftProfile.NannyMl, cut.Instance.CurrentRun?.Report.Profile));
    }
}
