using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Scoring;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Api;

[Trait("Store", "both")]
public sealed class PredictionApiTests(DashboardAppFactory factory) : IClassFixture<DashboardAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Predict_EmptyLead_ReturnsTheOriginalContract()
    {
        var response = await _client.PostAsync("/predict", Json("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal(["score", "label", "confidence", "model_version", "inference_time_ms"], root.EnumerateObject().Select(p => p.Name));
        // The expected answer, computed in-process from the champion the app serves: an empty lead is all medians and
        // "UNKNOWN" categories through v1's fitted pipeline, scored by its ONNX model (both parity-tested in Engine.Tests).
        var champion = factory.Services.GetRequiredService<ChampionHolder>().Current!;
        var probability = champion.Scorer.ScoreOne(champion.Pipeline!.Transform(new RawLead()));
        var expected = ScoreRules.RoundScore(probability);
        Assert.Equal(expected, root.GetProperty("score").GetDouble());
        Assert.Equal(ScoreRules.LabelText(champion.IsEngaged(probability)), root.GetProperty("label").GetString());
        Assert.Equal(ScoreRules.ConfidenceText(ScoreRules.Confidence(probability)), root.GetProperty("confidence").GetString());
        Assert.Equal("v1", root.GetProperty("model_version").GetString());
        Assert.True(root.GetProperty("inference_time_ms").GetDouble() >= 0);
    }

    [Fact]
    public async Task Predict_SeveralInvalidFields_Returns422ListingEachField()
    {
        var response = await _client.PostAsync("/predict", Json("""{"llm_quality":150,"llm_engagement":-0.1,"llm_company_fit":"high","summary":7}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("validation_error", body.RootElement.GetProperty("error").GetString());
        Assert.Equal("Request validation failed", body.RootElement.GetProperty("message").GetString());
        var fields = body.RootElement.GetProperty("detail").EnumerateArray().Select(e => e.GetProperty("loc")[1].GetString()).ToList();
        Assert.Equal(["llm_quality", "llm_engagement", "llm_company_fit", "summary"], fields);
    }

    [Theory]
    [InlineData("""{"llm_quality":0,"llm_engagement":0.0,"llm_decision_maker":1.0,"llm_company_fit":2}""")]
    [InlineData("""{"llm_quality":100,"llm_engagement":1,"llm_decision_maker":0}""")]
    [InlineData("""{"llm_quality":80.0,"llm_company_fit":"2","unknown_field":"ignored"}""")]
    public async Task Predict_BoundaryAndLaxValues_AreAccepted(string body)
    {
        var response = await _client.PostAsync("/predict", Json(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Predict_TextPlainOrFormBody_Returns415()
    {
        var plain = await _client.PostAsync("/predict", new StringContent("{}", Encoding.UTF8, "text/plain"));
        var form = await _client.PostAsync("/predict", new FormUrlEncodedContent([new("llm_quality", "80")]));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
    }

    [Fact]
    public async Task Predict_NoBody_Returns422LikeTheOriginal()
    {
        var response = await _client.PostAsync("/predict", content: null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task Predict_NaNLiteralOrDeepNesting_Returns422WithoutParserText()
    {
        var nan = await _client.PostAsync("/predict", Json("""{"companyfoundedon": NaN}"""));
        var deep = await _client.PostAsync("/predict", Json(new string('[', 100) + new string(']', 100)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, nan.StatusCode);
        Assert.Contains("not valid JSON", await nan.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, deep.StatusCode);
        Assert.DoesNotContain("Exception", await deep.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Batch_SameLeads_MatchSinglePredictions()
    {
        string[] leads = ["{}", """{"llm_quality":75,"jobtitle":"Director of Sales"}""", """{"llm_seniority":"Senior","summary":"Builds data platforms"}"""];
        var batch = await _client.PostAsync("/predict/batch", Json($$"""{"leads":[{{string.Join(',', leads)}}]}"""));

        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        using var body = JsonDocument.Parse(await batch.Content.ReadAsStringAsync());
        var predictions = body.RootElement.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(3, body.RootElement.GetProperty("total_count").GetInt32());
        Assert.Equal(predictions.Count(p => p.GetProperty("label").GetString() == "engaged"), body.RootElement.GetProperty("high_engagement_count").GetInt32());
        for (var i = 0; i < leads.Length; i++)
        {
            var single = await (await _client.PostAsync("/predict", Json(leads[i]))).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(single.GetProperty("score").GetDouble(), predictions[i].GetProperty("score").GetDouble(), 1e-4);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public async Task Batch_OutsideOneToTenThousand_Returns422(int size)
    {
        var body = $$"""{"leads":[{{string.Join(',', Enumerable.Repeat("{}", size))}}]}""";

        var response = await _client.PostAsync("/predict/batch", Json(body));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task Batch_OneInvalidLead_RejectsWholeBatchAndStoresNothing()
    {
        var before = await CountPredictionsAsync();

        var response = await _client.PostAsync("/predict/batch", Json("""{"leads":[{},{"llm_quality":101},{}]}"""));
        await Task.Delay(300); // give the background writer a chance to (wrongly) store something

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail")[0].GetProperty("loc");
        Assert.Equal("""["body","leads",1,"llm_quality"]""", detail.GetRawText());
        Assert.Equal(before, await CountPredictionsAsync());
    }

    [Fact]
    public async Task Predict_Accepted_IsStoredOnceInTheBackground()
    {
        var before = await CountPredictionsAsync();

        var response = await _client.PostAsync("/predict/batch", Json("""{"leads":[{},{},{},{},{}]}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await CountPredictionsAsync() < before + 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(before + 5, await CountPredictionsAsync());
    }

    [Fact]
    public async Task RequestId_ClientValueEchoed_OtherwiseGenerated()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("X-Request-ID", "my-trace-12345");
        var echoed = await _client.SendAsync(request);
        var generated = await _client.GetAsync("/health");
        var invalid = await _client.PostAsync("/predict", Json("""{"llm_quality":999}"""));

        Assert.Equal("my-trace-12345", echoed.Headers.GetValues("X-Request-ID").Single());
        Assert.True(Guid.TryParse(generated.Headers.GetValues("X-Request-ID").Single(), out _));
        Assert.NotEmpty(invalid.Headers.GetValues("X-Request-ID").Single());
        Assert.Equal("100", generated.Headers.GetValues("X-RateLimit-Limit").Single());
    }

    [Fact]
    public async Task Health_ModelLoaded_IsHealthyWithTheOriginalFields()
    {
        var health = await _client.GetFromJsonAsync<JsonElement>("/health");

        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("linkedin-lead-scoring-api", health.GetProperty("service").GetString());
        Assert.True(health.GetProperty("model_loaded").GetBoolean());
        Assert.False(string.IsNullOrEmpty(health.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task OpenApi_DocumentsThePredictionEndpoints()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.Equal("LinkedIn Lead Scoring API", document.GetProperty("info").GetProperty("title").GetString());
        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/predict").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/predict/batch").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/health").TryGetProperty("get", out _));
    }

    private async Task<int> CountPredictionsAsync()
    {
        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        return await db.Predictions.CountAsync();
    }
}
