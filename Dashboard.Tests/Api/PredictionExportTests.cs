using System.Net;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Core.Tests.Infrastructure;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Api;

[Trait("Store", "both")]
public sealed class PredictionExportTests : IAsyncLifetime
{
    private readonly DashboardAppFactory _app = new();

    public async Task InitializeAsync()
    {
        // A viewer signed in through the real form: the endpoint needs any signed-in user (or a key), not a role.
        _app.CreateClient().Dispose(); // start the host: migrates the store
        await SecurityTestHelpers.EnsureUserAsync(_app.Services, "export-viewer", Roles.Viewer);
        _client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await SecurityTestHelpers.PostSignInAsync(_client, "export-viewer", SecurityTestHelpers.ViewerPassword)).StatusCode);
        var factory = _app.Services.GetRequiredService<ILeadScoringDbFactory>();
        var model = PredictionSeed.AddModel(factory, 100, ModelStatus.Archived, 0.5); // the app already trained v1 (champion)
        _modelId = model.Id;
        PredictionSeed.AddPredictions(factory, model.Id, [0.25, 0.5, 0.75]);
        PredictionSeed.AddPredictions(factory, model.Id, [0.9], batchId: 4, minutesAgo: 60);
    }

    private HttpClient _client = default!;

    private int _modelId;

    private HttpClient Client() => _client;

    [Fact]
    public async Task Export_Anonymous_Unauthorized()
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/api/predictions/export?window=all");

        // .NET 10 cookie auth answers API endpoints with 401 instead of a redirect to the sign-in page.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Export_SignedIn_StreamsCsvWithHeaderOldestFirst()
    {
        var client = Client();

        using var response = await client.GetAsync("/api/predictions/export?window=all");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal("id,time_utc,batch_id,model_version_id,score,predicted_engaged,actual_engaged,inference_ms,end_to_end_ms,source", lines[0]);
        Assert.Equal(5, lines.Length);
        // The batch row is an hour old, so first; then the API rows a minute apart (PredictionSeed).
        Assert.Equal($"4,2026-03-01T11:00:00.000Z,4,{_modelId},0.9,1,1,1,10,upload", lines[1]);
        Assert.Equal($"1,2026-03-01T11:53:00.000Z,,{_modelId},0.25,0,1,1,10,api", lines[2]);
    }

    [Fact]
    public async Task Export_ScoreRangeAndBatch_OnlyMatchingRows()
    {
        var client = Client();

        var range = (await client.GetStringAsync("/api/predictions/export?window=all&min=0.5&max=0.8")).TrimEnd('\n').Split('\n');
        var batch = (await client.GetStringAsync("/api/predictions/export?batch=4")).TrimEnd('\n').Split('\n');

        Assert.Equal(["0.5", "0.75"], range.Skip(1).Select(l => l.Split(',')[4]));
        Assert.Equal(["0.9"], batch.Skip(1).Select(l => l.Split(',')[4]));
    }

    [Theory]
    [InlineData("min=2", "min")]
    [InlineData("min=0.8&max=0.2", "min")]
    [InlineData("window=5y", "window")]
    public async Task Export_BadFilter_ValidationProblemNamingTheParameter(string query, string parameter)
    {
        var client = Client();

        using var response = await client.GetAsync("/api/predictions/export?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{parameter}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }
}
