using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeadScoring.Engine.Features;
using LeadScoring.Core.Models;
using LeadScoring.Dashboard.Tests.Infrastructure;
using LeadScoring.Engine.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Sylvan.Data.Csv;

namespace LeadScoring.Dashboard.Tests.Api;

/// <summary>
/// Existing clients keep working: with the original model and its fitted state registered as the champion, our
/// /predict answers the original's crafted requests exactly as the original API did (score at 4 decimals, label,
/// confidence).
/// </summary>
[Trait("Store", "both")]
public sealed class OriginalParityApiTests(DashboardAppFactory factory) : IClassFixture<DashboardAppFactory>
{
    [SharedDataFact]
    public async Task Predict_OriginalModelRegistered_AnswersEveryCraftedLeadLikeTheOriginalApi()
    {
        var registry = factory.Services.GetRequiredService<ModelRegistry>();
        var state = FeaturePipelineState.ImportOriginal(TestPaths.Shared("data", "original", "target_encoding.json"), TestPaths.Shared("data", "numeric_medians.json"));
        var version = await registry.RegisterAsync(new NewModelVersion("original XGBoost 0.3.0", "imported",
            await File.ReadAllBytesAsync(TestPaths.Shared("data", "original", "model.onnx")), state.ToJson(), FeatureSchema.Names, 0.5,
            null, null, null, null), "test");
        await registry.PromoteAsync(version.Id);
        var client = factory.CreateClient();

        using var reader = CsvDataReader.Create(TestPaths.Shared("data", "original", "pipeline_output_partial.csv"));
        var checkedCases = 0;
        while (reader.Read())
        {
            var body = reader.GetString(reader.GetOrdinal("input_json"));
            if (body.Contains("NaN", StringComparison.Ordinal))
            {
                continue; // bare NaN is not JSON: we answer 422 by design (see the README)
            }
            var response = await client.PostAsync("/predict", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            var caseName = reader.GetString(reader.GetOrdinal("case"));
            Assert.True(double.Parse(reader.GetString(reader.GetOrdinal("api_score")), CultureInfo.InvariantCulture) == answer.GetProperty("score").GetDouble(), caseName);
            Assert.Equal(reader.GetString(reader.GetOrdinal("api_label")), answer.GetProperty("label").GetString());
            Assert.Equal(reader.GetString(reader.GetOrdinal("api_confidence")), answer.GetProperty("confidence").GetString());
            checkedCases++;
        }
        Assert.Equal(30, checkedCases);
    }
}
