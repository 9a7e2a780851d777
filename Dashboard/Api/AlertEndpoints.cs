using System.Text;
using System.Text.Json;
using LeadScoring.Core.Alerts;
using LeadScoring.Dashboard.Api.Contracts;
using LeadScoring.Engine.Alerts;
using Microsoft.AspNetCore.Antiforgery;

namespace LeadScoring.Dashboard.Api;

/// <summary>
/// Alerts over HTTP: the history (<c>read</c>), the rule set as the Engine's JSON document (read: <c>read</c>; replace:
/// <c>admin</c>), acknowledgements and silences (<c>admin</c>). Writes by a signed-in admin need the antiforgery header;
/// automation uses an API key with the admin scope.
/// </summary>
public static class AlertEndpoints
{
    /// <summary>Largest rule document or request body accepted, in bytes (200 rules fit in well under this).</summary>
    public const int MaxBodyBytes = 1 << 20;

    public static IEndpointRouteBuilder MapAlertApi(this IEndpointRouteBuilder endpoints)
    {
        var alerts = endpoints.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization(ApiAuthentication.ApiKeyOrUserPolicy);
        alerts.MapGet("", ListAsync)
            .WithName("ListAlerts").WithSummary("Alerts (state=firing, the default, or all) with rule, times, evidence, drift run and a link")
            .Produces<AlertListResponse>().Produces<ErrorResponse>(400).Produces<ErrorResponse>(401).Produces<ErrorResponse>(403);
        alerts.MapPost("/{id:long}/acknowledge", AcknowledgeAsync).DisableAntiforgery() // checked in the handler for cookie callers only
            .WithName("AcknowledgeAlert").WithSummary("Record who acknowledged an alert, when, with an optional comment")
            .WithJsonBody<AcknowledgeRequest>()
            .Produces<AlertResponse>().Produces<ErrorResponse>(400).Produces<ErrorResponse>(401).Produces<ErrorResponse>(403).Produces<ErrorResponse>(404);

        var rules = endpoints.MapGroup("/api/alert-rules").WithTags("Alerts").RequireAuthorization(ApiAuthentication.ApiKeyOrUserPolicy);
        rules.MapGet("", ExportAsync)
            .WithName("GetAlertRules").WithSummary("The alert rules as the JSON document PUT accepts")
            .Produces<AlertRulesDocumentSchema>().Produces<ErrorResponse>(401).Produces<ErrorResponse>(403);
        rules.MapPut("", ImportAsync).DisableAntiforgery()
            .WithName("ReplaceAlertRules").WithSummary("Replace the alert rules (validated; a 400 names the first bad field)")
            .WithJsonBody<AlertRulesDocumentSchema>()
            .Produces<AlertRulesImportResponse>().Produces<ErrorResponse>(400).Produces<ErrorResponse>(401).Produces<ErrorResponse>(403)
            .Produces<ErrorResponse>(413);
        rules.MapPost("/{name}/silence", SilenceAsync).DisableAntiforgery()
            .WithName("SilenceAlertRule").WithSummary("Silence a rule until a time: still evaluated and stored, not notified")
            .WithJsonBody<SilenceRequest>()
            .Produces<SilenceResponse>().Produces<ErrorResponse>(400).Produces<ErrorResponse>(401).Produces<ErrorResponse>(403).Produces<ErrorResponse>(404);
        rules.MapDelete("/{name}/silence", UnsilenceAsync).DisableAntiforgery()
            .WithName("UnsilenceAlertRule").WithSummary("Lift a rule's silence")
            .Produces(StatusCodes.Status204NoContent).Produces<ErrorResponse>(400).Produces<ErrorResponse>(401).Produces<ErrorResponse>(403)
            .Produces<ErrorResponse>(404);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(HttpContext context, AlertStore store)
    {
        var state = context.Request.Query.TryGetValue("state", out var s) ? s.ToString().ToLowerInvariant() : "firing";
        if (state is not ("firing" or "all"))
        {
            return Error(StatusCodes.Status400BadRequest, "bad_request", "'state' must be 'firing' or 'all'.");
        }
        var alerts = await store.AlertsAsync(state == "firing", context.RequestAborted);
        return TypedResults.Ok(new AlertListResponse([.. alerts.Select(AlertResponse.From)]));
    }

    private static async Task<IResult> ExportAsync(HttpContext context, AlertStore store) =>
        TypedResults.Text(await store.ExportAsync(context.RequestAborted), "application/json", Encoding.UTF8);

    private static async Task<IResult> ImportAsync(HttpContext context, AlertStore store, IAntiforgery antiforgery)
    {
        if (await RefusedAsync(context, antiforgery) is { } refused)
        {
            return refused;
        }
        var (body, error) = await ReadBodyAsync(context);
        if (error is not null)
        {
            return error;
        }
        try
        {
            var rules = await store.ImportAsync(body!, CallerName(context), context.RequestAborted);
            return TypedResults.Ok(new AlertRulesImportResponse(rules.Count));
        }
        catch (AlertRulesFormatException ex)
        {
            // The message names the field (rules[2].for: must be >= 0) and quotes no internals.
            return Error(StatusCodes.Status400BadRequest, "invalid_rules", ex.Message);
        }
    }

    private static async Task<IResult> AcknowledgeAsync(long id, HttpContext context, AlertStore store, IAntiforgery antiforgery)
    {
        if (await RefusedAsync(context, antiforgery) is { } refused)
        {
            return refused;
        }
        var (body, error) = await ReadBodyAsync(context, allowEmpty: true);
        if (error is not null)
        {
            return error;
        }
        AcknowledgeRequest? request;
        try
        {
            request = string.IsNullOrWhiteSpace(body) ? new AcknowledgeRequest(null) : JsonSerializer.Deserialize<AcknowledgeRequest>(body);
        }
        catch (JsonException ex)
        {
            return BadJson(ex);
        }
        try
        {
            if (!await store.AcknowledgeAsync(id, CallerName(context), request?.Comment, context.RequestAborted))
            {
                return Error(StatusCodes.Status404NotFound, "not_found", $"Alert {id} does not exist.");
            }
        }
        catch (AlertRequestException ex)
        {
            return Error(StatusCodes.Status400BadRequest, "bad_request", ex.Message);
        }
        return TypedResults.Ok(AlertResponse.From((await store.AlertAsync(id, context.RequestAborted))!));
    }

    private static async Task<IResult> SilenceAsync(string name, HttpContext context, AlertStore store, IAntiforgery antiforgery)
    {
        if (await RefusedAsync(context, antiforgery) is { } refused)
        {
            return refused;
        }
        var (body, error) = await ReadBodyAsync(context);
        if (error is not null)
        {
            return error;
        }
        SilenceRequest? request;
        try
        {
            using var document = JsonDocument.Parse(body!);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("until", out _))
            {
                return Error(StatusCodes.Status400BadRequest, "bad_request", "until: required (an ISO-8601 time, e.g. 2026-12-01T18:00:00Z).");
            }
            request = document.RootElement.Deserialize<SilenceRequest>();
        }
        catch (JsonException ex)
        {
            return BadJson(ex);
        }
        try
        {
            var silence = await store.SilenceAsync(name, request!.Until.UtcDateTime, CallerName(context), request.Comment, context.RequestAborted);
            return TypedResults.Ok(SilenceResponse.From(silence));
        }
        catch (AlertRequestException ex)
        {
            return Error(ex.Field == "name" ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest,
                ex.Field == "name" ? "not_found" : "bad_request", ex.Field == "name" ? ex.Message : $"{ex.Field}: {ex.Message}");
        }
    }

    private static async Task<IResult> UnsilenceAsync(string name, HttpContext context, AlertStore store, IAntiforgery antiforgery)
    {
        if (await RefusedAsync(context, antiforgery) is { } refused)
        {
            return refused;
        }
        return await store.UnsilenceAsync(name, CallerName(context), context.RequestAborted)
            ? TypedResults.NoContent()
            : Error(StatusCodes.Status404NotFound, "not_found", "That rule is not silenced.");
    }

    // Cookie callers must prove the request came from the dashboard's own pages; API keys cannot be sent cross-site.
    internal static async Task<IResult?> RefusedAsync(HttpContext context, IAntiforgery antiforgery)
    {
        var byKey = context.User.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName;
        if (byKey || (context.Request.Headers.ContainsKey(BatchEndpoints.AntiforgeryHeader) && await antiforgery.IsRequestValidAsync(context)))
        {
            return null;
        }
        return Error(StatusCodes.Status400BadRequest, "antiforgery",
            $"A signed-in caller needs an antiforgery token in the {BatchEndpoints.AntiforgeryHeader} header; automation should use an API key.");
    }

    private static async Task<(string? Body, IResult? Error)> ReadBodyAsync(HttpContext context, bool allowEmpty = false)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var buffer = new char[MaxBodyBytes + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), context.RequestAborted);
        if (read > MaxBodyBytes)
        {
            return (null, TooLarge());
        }
        var body = new string(buffer, 0, read);
        if (!allowEmpty && string.IsNullOrWhiteSpace(body))
        {
            return (null, Error(StatusCodes.Status400BadRequest, "bad_request", "document: the body is empty; send a JSON document."));
        }
        return (body, null);
    }

    private static IResult TooLarge() => Error(StatusCodes.Status413PayloadTooLarge, "payload_too_large",
        $"The body is larger than {MaxBodyBytes / 1024} KB (AlertEndpoints.MaxBodyBytes).");

    private static IResult BadJson(JsonException ex)
    {
        var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "document" : ex.Path.TrimStart('$', '.');
        var line = ex.LineNumber is { } l ? $" (line {l + 1})" : "";
        return Error(StatusCodes.Status400BadRequest, "bad_request", $"{field}: not a valid value for this field{line}.");
    }

    private static string CallerName(HttpContext context) => context.User.Identity?.Name ?? "unknown";

    private static IResult Error(int status, string code, string message) => TypedResults.Json(new ErrorResponse(code, message), statusCode: status);

    /// <summary>Documents a JSON body without Accepts metadata (the handler reads and answers bad bodies itself).</summary>
    internal static RouteHandlerBuilder WithJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody ??= new Microsoft.OpenApi.OpenApiRequestBody { Required = true, Description = $"A JSON {typeof(T).Name}." };
            return Task.CompletedTask;
        });
}
