using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Api;
using LeadScoring.Dashboard.Api.Contracts;
using LeadScoring.Dashboard.Security;
using LeadScoring.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Security;

/// <summary>
/// API key scopes: a key with each single scope (and with all, and the bootstrap key) against every /api endpoint and
/// /predict* with Prediction:RequireApiKey on. A missing scope is 403 (the key is valid) naming the scope, never 401.
/// </summary>
[Trait("Store", "both")]
public sealed class ApiScopeTests(RequireApiKeyAppFactory factory) : IClassFixture<RequireApiKeyAppFactory>
{
    /// <summary>Every scoped endpoint, with a request that reaches it and the scope it should need (written out here, not read from the table).</summary>
    private static readonly (string Endpoint, string Method, string Path, string? Json, ApiScope Needs)[] Calls =
    [
        ("POST /api/batches", "POST", "/api/batches", null, ApiScope.Ingest),
        ("GET /api/batches/{id:long}", "GET", "/api/batches/999999", null, ApiScope.Read),
        ("GET /api/batches/{id:long}/report", "GET", "/api/batches/999999/report", null, ApiScope.Read),
        ("GET /api/batches/{id:long}/explanations.csv", "GET", "/api/batches/999999/explanations.csv", null, ApiScope.Read),
        ("GET /api/batches/{id:long}/issues.csv", "GET", "/api/batches/999999/issues.csv", null, ApiScope.Read),
        ("POST /api/outcomes", "POST", "/api/outcomes", "{}", ApiScope.Ingest),
        ("GET /api/predictions/export", "GET", "/api/predictions/export?window=1h", null, ApiScope.Read),
        ("GET /api/predictions/{id:long}/explanation", "GET", "/api/predictions/999999/explanation", null, ApiScope.Read),
        ("POST /api/explain", "POST", "/api/explain", "{}", ApiScope.Read),
        ("GET /api/performance", "GET", "/api/performance", null, ApiScope.Read),
        ("GET /api/models/challenger/comparison", "GET", "/api/models/challenger/comparison", null, ApiScope.Read),
        ("GET /api/models/promotions", "GET", "/api/models/promotions", null, ApiScope.Read),
        ("GET /api/models/promotions/{id:long}", "GET", "/api/models/promotions/999999", null, ApiScope.Read),
        ("POST /api/models/{id:int}/promote", "POST", "/api/models/999999/promote", "{}", ApiScope.Admin),
        ("POST /api/models/rollback", "POST", "/api/models/rollback", "{}", ApiScope.Admin),
        ("POST /api/drift", "POST", "/api/drift?from=2020-01-01T00:00:00Z", null, ApiScope.Read),
        ("GET /api/drift/report", "GET", "/api/drift/report", null, ApiScope.Read),
        ("GET /api/drift-runs", "GET", "/api/drift-runs", null, ApiScope.Read),
        ("GET /api/drift-runs/{id:long}", "GET", "/api/drift-runs/999999", null, ApiScope.Read),
        ("GET /api/drift-runs/compare", "GET", "/api/drift-runs/compare?a=999998&b=999999", null, ApiScope.Read),
        ("GET /api/alerts", "GET", "/api/alerts?state=all", null, ApiScope.Read),
        ("POST /api/alerts/{id:long}/acknowledge", "POST", "/api/alerts/999999/acknowledge", "{}", ApiScope.Admin),
        ("GET /api/alert-rules", "GET", "/api/alert-rules", null, ApiScope.Read),
        ("PUT /api/alert-rules", "PUT", "/api/alert-rules", "{}", ApiScope.Admin),
        ("POST /api/alert-rules/{name}/silence", "POST", "/api/alert-rules/no-such-rule/silence", "{}", ApiScope.Admin),
        ("DELETE /api/alert-rules/{name}/silence", "DELETE", "/api/alert-rules/no-such-rule/silence", null, ApiScope.Admin),
        ("POST /predict", "POST", "/predict", "{}", ApiScope.Ingest),
        ("POST /predict/batch", "POST", "/predict/batch", """{"leads":[{}]}""", ApiScope.Ingest),
        ("GET /api/alert-channels", "GET", "/api/alert-channels", null, ApiScope.Admin),
        ("POST /api/alert-channels", "POST", "/api/alert-channels", "{}", ApiScope.Admin),
        ("DELETE /api/alert-channels/{id:long}", "DELETE", "/api/alert-channels/999999", null, ApiScope.Admin),
        ("POST /api/alert-channels/{id:long}/test", "POST", "/api/alert-channels/999999/test", null, ApiScope.Admin),
    ];

    public static TheoryData<string> Keys() => ["ingest", "read", "admin", "ingest,read,admin", "bootstrap"];

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task EveryEndpoint_AllowsAKeyWithItsScope_AndRefusesOthersWith403NamingTheScope(string scopes)
    {
        var key = scopes == "bootstrap" ? BootstrapKeyAppFactory.BootstrapKey : await CreateKeyAsync(ApiScopes.Parse(scopes));
        var granted = scopes == "bootstrap" ? ApiScope.All : ApiScopes.Parse(scopes);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        var wrong = new List<string>();

        foreach (var call in Calls)
        {
            using var response = await client.SendAsync(Request(call.Method, call.Path, call.Json));
            var allowed = granted.HasFlag(call.Needs);
            if (allowed && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                wrong.Add($"{call.Endpoint}: expected allowed, got {(int)response.StatusCode}");
            }
            else if (!allowed)
            {
                var error = response.StatusCode == HttpStatusCode.Forbidden ? await response.Content.ReadFromJsonAsync<ErrorResponse>() : null;
                var expected = $"This API key lacks the '{ApiScopes.NameOf(call.Needs)}' scope.";
                if (error?.Message != expected)
                {
                    wrong.Add($"{call.Endpoint}: expected 403 \"{expected}\", got {(int)response.StatusCode} {error?.Message}");
                }
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public void TheMatrix_CoversEveryScopedEndpoint_AndTheTableListsEveryMappedOne()
    {
        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == ApiAuthentication.ApiKeyOrUserPolicy))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => ApiScopes.EndpointKey(m, e.RoutePattern.RawText!)))
            .Order().ToList();

        Assert.Equal(mapped, ApiScopes.Endpoints.Keys.Order().ToList());
        Assert.Equal(mapped, Calls.Select(c => c.Endpoint).Order().ToList());
        Assert.All(Calls, c => Assert.Equal(c.Needs, ApiScopes.Endpoints[c.Endpoint]));
    }

    [Fact]
    public async Task OpenApiDocument_TellsEachOperationsScope()
    {
        using var document = System.Text.Json.JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        Assert.Contains("`read` scope", paths.GetProperty("/api/performance").GetProperty("get").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("`ingest` scope", paths.GetProperty("/api/outcomes").GetProperty("post").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedInViewer_HasIngestAndRead_NotLimitedByKeyScopes()
    {
        await SecurityTestHelpers.EnsureUserAsync(factory.Services, "scope-viewer", Roles.Viewer);
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await SecurityTestHelpers.PostSignInAsync(client, "scope-viewer", SecurityTestHelpers.ViewerPassword);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/performance")).StatusCode);
        var predict = await client.PostAsync("/predict", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.NotEqual(HttpStatusCode.Forbidden, predict.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, predict.StatusCode);
    }

    [Fact]
    public void GrantedScopes_KeysByClaim_ViewersIngestAndRead_AdminsAll()
    {
        var scheme = ApiKeyAuthenticationHandler.SchemeName;
        var readKey = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ApiScopes.ClaimType, "read")], scheme));
        var viewer = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Viewer)], "Identity.Application"));
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Admin)], "Identity.Application"));

        Assert.Equal(ApiScope.Read, ApiScopes.GrantedTo(readKey, scheme));
        Assert.Equal(ApiScope.Ingest | ApiScope.Read, ApiScopes.GrantedTo(viewer, scheme));
        Assert.Equal(ApiScope.All, ApiScopes.GrantedTo(admin, scheme));
        Assert.Equal(ApiScope.None, ApiScopes.GrantedTo(SecurityTestHelpers.Anonymous, scheme));
        Assert.Equal(ApiScope.Ingest | ApiScope.Admin, ApiScopes.Parse("admin, ingest,bogus"));
    }

    [Theory]
    [InlineData("GET", "/api/performance", "read", true)]
    [InlineData("GET", "/api/performance", "ingest", false)]
    [InlineData("GET", "/api/not-in-the-table", "ingest,read,admin", false)]
    public async Task ScopeHandler_ChecksTheTable_AndRefusesAnUnlistedEndpointToEveryKey(string method, string pattern, string scopes, bool allowed)
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Request.Method = method;
        Microsoft.AspNetCore.Http.EndpointHttpContextExtensions.SetEndpoint(http, new RouteEndpoint(_ => Task.CompletedTask, Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(pattern), 0, null, null));
        var key = new ClaimsPrincipal(new ClaimsIdentity(
            scopes.Split(',').Select(s => new Claim(ApiScopes.ClaimType, s)), ApiKeyAuthenticationHandler.SchemeName));
        var requirement = new ApiScopeRequirement();
        var context = new AuthorizationHandlerContext([requirement], key, http);

        await new ApiScopeHandler().HandleAsync(context);

        Assert.Equal(allowed, context.HasSucceeded);
    }

    [Fact]
    public async Task CreatedKey_StoresTheChosenScopes_ListsAndAuditsThem_AndNoScopeIsRefused()
    {
        var admin = await SecurityTestHelpers.PrincipalAsync(factory.Services, DashboardAppFactory.AdminUser);
        var keys = factory.Services.GetRequiredService<ApiKeyService>();
        var name = "scoped " + Guid.NewGuid().ToString("N")[..6];

        var created = (await keys.CreateAsync(admin, name, ApiScope.Read | ApiScope.Admin)).Value!;

        Assert.Equal(ApiScope.Read | ApiScope.Admin, created.Info.Scopes);
        Assert.Equal(ApiScope.Read | ApiScope.Admin, (await keys.ListAsync(admin))!.Single(k => k.Id == created.Info.Id).Scopes);
        Assert.Equal(ApiScope.Read | ApiScope.Admin, (await factory.Services.GetRequiredService<ApiKeyValidator>().ValidateAsync(created.Key))!.Scopes);
        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        Assert.Equal("read,admin", (await db.ApiKeys.SingleAsync(k => k.Id == created.Info.Id)).Scopes);
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "create api key" && a.Succeeded && a.Target == $"{name} (scopes: read,admin)"));
        await Assert.ThrowsAsync<ArgumentException>(() => keys.CreateAsync(admin, "no scopes", ApiScope.None));
        Assert.Equal(ApiScopes.DefaultForNewKeys, (await keys.CreateAsync(admin, name + " default")).Value!.Info.Scopes);
    }

    [Fact]
    public async Task BootstrapKey_IsStoredWithEveryScope()
    {
        await using var db = factory.Services.GetRequiredService<ILeadScoringDbFactory>().CreateDbContext();
        var stored = await db.ApiKeys.SingleAsync(k => k.Hash == ApiKeyFormat.Hash(BootstrapKeyAppFactory.BootstrapKey));
        Assert.Equal(ApiScope.All, ApiScopes.Parse(stored.Scopes));
    }

    private async Task<string> CreateKeyAsync(ApiScope scopes)
    {
        var admin = await SecurityTestHelpers.PrincipalAsync(factory.Services, DashboardAppFactory.AdminUser);
        var created = await factory.Services.GetRequiredService<ApiKeyService>().CreateAsync(admin, "matrix " + ApiScopes.Format(scopes), scopes);
        return created.Value!.Key;
    }

    private static HttpRequestMessage Request(string method, string path, string? json) => new(new HttpMethod(method), path)
    {
        Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
    };
}
