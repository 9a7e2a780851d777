using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LeadScoring.Dashboard.Tests.Api;

/// <summary>The original FastAPI contract at its edges: bodies without a Content-Type, invalid Unicode, page vs API paths.</summary>
[Trait("Store", "both")]
public sealed class ContractHardeningTests(DashboardAppFactory factory) : IClassFixture<DashboardAppFactory>
{
    private static ByteArrayContent Bytes(byte[] body, string? contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
        return content;
    }

    private static async Task<JsonElement> DetailAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(text);
        Assert.Equal("validation_error", body.RootElement.GetProperty("error").GetString());
        return body.RootElement.GetProperty("detail").Clone();
    }

    [Theory]
    [InlineData("/predict", """{"llm_quality": 80}""")]
    [InlineData("/predict/batch", """{"leads": [{"llm_quality": 80}, {}]}""")]
    public async Task Predict_JsonBodyWithoutContentType_IsReadAsJson(string path, string json)
    {
        // What `requests.post(url, data=json.dumps(lead))` sends: a body and no Content-Type header.
        var response = await factory.CreateClient().PostAsync(path, Bytes(Encoding.UTF8.GetBytes(json), contentType: null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Predict_InvalidFieldWithoutContentType_Is422NamingTheField()
    {
        var response = await factory.CreateClient().PostAsync("/predict", Bytes("""{"llm_quality": 150}"""u8.ToArray(), contentType: null));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var detail = await DetailAsync(response);
        Assert.Equal("llm_quality", detail[0].GetProperty("loc")[1].GetString());
    }

    [Theory]
    [InlineData("/predict", """{"summary": "ok \ud800 broken"}""", new object[] { "body", "summary" })]
    [InlineData("/predict", """{"llm_quality": "\udc00"}""", new object[] { "body", "llm_quality" })]
    [InlineData("/predict", """{"lead_id": "\ud83d"}""", new object[] { "body", "lead_id" })]
    [InlineData("/predict/batch", """{"leads": [{}, {"jobtitle": "CTO \udfff"}]}""", new object[] { "body", "leads", 1, "jobtitle" })]
    public async Task Predict_LoneSurrogateEscape_Is422NamingTheField(string path, string json, object[] loc)
    {
        var response = await factory.CreateClient().PostAsync(path, Bytes(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Assert.Single((await DetailAsync(response)).EnumerateArray());
        Assert.Equal(JsonSerializer.Serialize(loc), error.GetProperty("loc").GetRawText().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal("string_unicode", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Predict_InvalidUtf8BytesInAString_Is422NamingTheField()
    {
        // "Caf\xE9": Windows-1252 é inside a UTF-8 JSON body.
        byte[] json = [.. """{"summary": "Caf"""u8, 0xE9, .. "\"}"u8];

        var response = await factory.CreateClient().PostAsync("/predict", Bytes(json));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Assert.Single((await DetailAsync(response)).EnumerateArray());
        Assert.Equal("summary", error.GetProperty("loc")[1].GetString());
    }

    [Fact]
    public async Task Predict_InvalidUtf8BytesInAnIgnoredKey_Is422NotServerError()
    {
        byte[] json = [.. "{\""u8, 0xFF, 0xFE, .. "\": 1, \"llm_quality\": 80}"u8];

        var response = await factory.CreateClient().PostAsync("/predict", Bytes(json));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        await DetailAsync(response);
    }

    [Fact]
    public async Task PredictionsPage_SignedOut_RedirectsToSignIn()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await client.GetAsync("/predictions");
        var api = await client.GetAsync("/api/predictions/export");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/Login", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.False(page.Headers.Contains("X-Request-ID")); // API conventions stay off pages
    }
}
