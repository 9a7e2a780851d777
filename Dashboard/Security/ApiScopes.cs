using System.Security.Claims;

namespace LeadScoring.Dashboard.Security;

/// <summary>What an API key may do. A key holds any combination; a key from configuration holds <see cref="All"/>.</summary>
[Flags]
public enum ApiScope
{
    None = 0,

    /// <summary>Writes that feed data: batches, outcomes, and /predict* when Prediction:RequireApiKey is on.</summary>
    Ingest = 1,

    /// <summary>Reads and computations that change nothing: batches, reports, exports, performance, drift, explanations.</summary>
    Read = 2,

    /// <summary>Configuration over HTTP: alert rules, acknowledgements, silences and notification channels.</summary>
    Admin = 4,

    All = Ingest | Read | Admin,
}

/// <summary>
/// The one place that names the scopes and says which HTTP endpoint needs which. An API endpoint missing from
/// <see cref="Endpoints"/> is refused to everyone (fail closed), and a test checks every mapped endpoint is listed.
/// </summary>
public static class ApiScopes
{
    /// <summary>Claim on an API key's principal, one per scope it holds.</summary>
    public const string ClaimType = "api_scope";

    /// <summary>Keys created on the Admin page start with these ticked.</summary>
    public const ApiScope DefaultForNewKeys = ApiScope.Ingest | ApiScope.Read;

    public static readonly IReadOnlyList<ApiScope> Each = [ApiScope.Ingest, ApiScope.Read, ApiScope.Admin];

    /// <summary>"METHOD route pattern" → the scope it needs.</summary>
    public static readonly IReadOnlyDictionary<string, ApiScope> Endpoints = new Dictionary<string, ApiScope>(StringComparer.Ordinal)
    {
        ["POST /api/batches"] = ApiScope.Ingest,
        ["GET /api/batches/{id:long}"] = ApiScope.Read,
        ["GET /api/batches/{id:long}/report"] = ApiScope.Read,
        ["GET /api/batches/{id:long}/explanations.csv"] = ApiScope.Read,
        ["GET /api/batches/{id:long}/issues.csv"] = ApiScope.Read,
        ["POST /api/outcomes"] = ApiScope.Ingest,
        ["GET /api/predictions/export"] = ApiScope.Read,
        ["GET /api/predictions/{id:long}/explanation"] = ApiScope.Read,
        ["POST /api/explain"] = ApiScope.Read,
        ["GET /api/performance"] = ApiScope.Read,
        ["GET /api/models/challenger/comparison"] = ApiScope.Read,
        // Promotion records: frozen evidence, read back (promoting is a signed-in admin's page action).
        ["GET /api/models/promotions"] = ApiScope.Read,
        ["GET /api/models/promotions/{id:long}"] = ApiScope.Read,
        // Changing the champion is configuration: automation with an admin key (people use the Models page).
        ["POST /api/models/{id:int}/promote"] = ApiScope.Admin,
        ["POST /api/models/rollback"] = ApiScope.Admin,
        // A drift run computes and returns a report; it feeds no data.
        ["POST /api/drift"] = ApiScope.Read,
        ["GET /api/drift/report"] = ApiScope.Read,
        // Stored drift runs: reports already computed, read back.
        ["GET /api/drift-runs"] = ApiScope.Read,
        ["GET /api/drift-runs/{id:long}"] = ApiScope.Read,
        ["GET /api/drift-runs/compare"] = ApiScope.Read,
        ["GET /api/alerts"] = ApiScope.Read,
        ["POST /api/alerts/{id:long}/acknowledge"] = ApiScope.Admin,
        ["GET /api/alert-rules"] = ApiScope.Read,
        ["PUT /api/alert-rules"] = ApiScope.Admin,
        ["POST /api/alert-rules/{name}/silence"] = ApiScope.Admin,
        ["DELETE /api/alert-rules/{name}/silence"] = ApiScope.Admin,
        // Only when Prediction:RequireApiKey is on; otherwise /predict* is anonymous and no scope applies.
        ["POST /predict"] = ApiScope.Ingest,
        ["POST /predict/batch"] = ApiScope.Ingest,
        // Alert channels are configuration, and their listing shows where alerts go.
        ["GET /api/alert-channels"] = ApiScope.Admin,
        ["POST /api/alert-channels"] = ApiScope.Admin,
        ["DELETE /api/alert-channels/{id:long}"] = ApiScope.Admin,
        ["POST /api/alert-channels/{id:long}/test"] = ApiScope.Admin,
    };

    /// <summary>The scope endpoint "<paramref name="method"/> <paramref name="routePattern"/>" needs; null when unlisted.</summary>
    public static ApiScope? RequiredFor(string method, string? routePattern) =>
        routePattern is not null && Endpoints.TryGetValue(EndpointKey(method, routePattern), out var scope) ? scope : null;

    /// <summary>The table's key: a group's "" route comes out as "/api/batches/", so a trailing slash is dropped.</summary>
    public static string EndpointKey(string method, string routePattern) =>
        method.ToUpperInvariant() + " " + (routePattern.Length > 1 ? routePattern.TrimEnd('/') : routePattern);

    public static string NameOf(ApiScope single) => single switch
    {
        ApiScope.Ingest => "ingest",
        ApiScope.Read => "read",
        ApiScope.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(single), single, "One scope at a time."),
    };

    /// <summary>Stored form: names in a fixed order separated by commas ("ingest,read"); "" for none.</summary>
    public static string Format(ApiScope scopes) => string.Join(',', Each.Where(s => scopes.HasFlag(s)).Select(NameOf));

    /// <summary>Reads the stored form. Unknown names grant nothing, so a damaged value can only narrow a key.</summary>
    public static ApiScope Parse(string? stored)
    {
        var scopes = ApiScope.None;
        foreach (var name in (stored ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            scopes |= Each.FirstOrDefault(s => NameOf(s) == name);
        }
        return scopes;
    }

    /// <summary>
    /// What <paramref name="caller"/> may do: an API key its scope claims; a signed-in user by role (not limited by
    /// scopes: viewers upload and read, admins also configure).
    /// </summary>
    public static ApiScope GrantedTo(ClaimsPrincipal caller, string apiKeyScheme)
    {
        if (caller.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == apiKeyScheme))
        {
            return caller.FindAll(ClaimType).Aggregate(ApiScope.None, (granted, claim) => granted | Parse(claim.Value));
        }
        if (caller.Identity?.IsAuthenticated != true)
        {
            return ApiScope.None;
        }
        return caller.IsInRole(Roles.Admin) ? ApiScope.All : ApiScope.Ingest | ApiScope.Read;
    }
}
