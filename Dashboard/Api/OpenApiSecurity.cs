using LeadScoring.Dashboard.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LeadScoring.Dashboard.Api;

/// <summary>
/// The OpenAPI document's security: the X-API-Key scheme, required on every operation that needs a caller (so /docs
/// can send a key), an explicit empty requirement on the anonymous ones, server URLs without a trailing slash, and a
/// description per tag. Keeps the document clean under Redocly's recommended rules (checked by OpenApiLintTests).
/// </summary>
public static class OpenApiSecurity
{
    public const string SchemeName = "ApiKey";

    private static readonly Dictionary<string, string> s_tagDescriptions = new(StringComparer.Ordinal)
    {
        ["Predictions"] = "Score leads (the original service's contract) and export stored predictions.",
        ["Batches"] = "Upload CSV batches, read their drift verdicts, reports, issues and explanations.",
        ["Outcomes"] = "Record what happened to scored leads (converted or not).",
        ["Performance"] = "Realized and estimated (CBPE) model performance over time.",
        ["Explanations"] = "Why a lead got its score (TreeSHAP contributions).",
        ["Drift"] = "Drift of any window, batch or file against the champion's reference.",
        ["Health"] = "Liveness and readiness.",
    };

    public static OpenApiOptions AddApiKeySecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "An API key created by an admin on the Admin page (or Security:BootstrapApiKey). Signed-in users' cookies work too.",
            };
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }
            document.Tags = s_tagDescriptions.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }).ToHashSet();
            document.Info.License = new OpenApiLicense { Name = "Proprietary" };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var needsCaller = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
            operation.Security = needsCaller
                ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }]
                : [];
            if (needsCaller && ApiScopes.RequiredFor(context.Description.HttpMethod ?? "", "/" + context.Description.RelativePath) is { } scope)
            {
                var needs = $"An API key needs the `{ApiScopes.NameOf(scope)}` scope (403 otherwise); a signed-in user needs no scope.";
                operation.Description = string.IsNullOrEmpty(operation.Description) ? needs : operation.Description + "\n\n" + needs;
            }
            return Task.CompletedTask;
        });
        return options;
    }
}
