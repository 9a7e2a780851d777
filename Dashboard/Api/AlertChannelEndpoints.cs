using System.Text.Json;
using System.Text.Json.Serialization;
using LeadScoring.Core.Alerts.Channels;
using LeadScoring.Dashboard.Api.Contracts;
using Microsoft.AspNetCore.Antiforgery;

namespace LeadScoring.Dashboard.Api;

/// <summary>POST /api/alert-channels body. <c>secret</c> is write-only: no answer ever carries it.</summary>
public sealed record AlertChannelRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("secret")] string? Secret,
    [property: JsonPropertyName("to")] IReadOnlyList<string>? To,
    [property: JsonPropertyName("enabled")] bool? Enabled);

/// <summary>A channel as the API shows it: <c>has_secret</c> instead of the secret; Slack's URL masked.</summary>
public sealed record AlertChannelResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("to")] IReadOnlyList<string> To,
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("has_secret")] bool HasSecret,
    [property: JsonPropertyName("last_success_at")] DateTime? LastSuccessAt,
    [property: JsonPropertyName("last_error_at")] DateTime? LastErrorAt,
    [property: JsonPropertyName("last_error")] string? LastError,
    [property: JsonPropertyName("consecutive_failures")] int ConsecutiveFailures)
{
    public static AlertChannelResponse From(AlertChannelView v) => new(v.Id, v.Name, AlertChannelValidator.NameOf(v.Kind), v.Target, v.To,
        v.Enabled, v.HasSecret, v.LastSuccessUtc, v.LastErrorUtc, v.LastError, v.ConsecutiveFailures);
}

/// <summary>POST /api/alert-channels/{id}/test answer.</summary>
public sealed record AlertChannelTestResponse(
    [property: JsonPropertyName("delivered")] bool Delivered,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("status_code")] int? StatusCode,
    [property: JsonPropertyName("elapsed_ms")] long ElapsedMs);

/// <summary>
/// Alert notification channels over HTTP, admin only (the <c>admin</c> scope, or a signed-in admin with the
/// antiforgery header for writes).
/// </summary>
public static class AlertChannelEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder MapAlertChannelApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/alert-channels").WithTags("Alert channels")
            .RequireAuthorization(ApiAuthentication.ApiKeyOrUserPolicy)
            .DisableAntiforgery(); // checked in the handlers for cookie callers only

        group.MapGet("", ListAsync).WithName("ListAlertChannels").WithSummary("Alert notification channels and their delivery status (secrets never shown)")
            .Produces<AlertChannelResponse[]>().Produces<ErrorResponse>(401).Produces<ErrorResponse>(403);
        group.MapPost("", CreateAsync).WithName("CreateAlertChannel").WithSummary("Add a webhook, Slack or e-mail channel")
            .Accepts<AlertChannelRequest>("application/json")
            .Produces<AlertChannelResponse>(201).Produces<ErrorResponse>(400).Produces<ErrorResponse>(401).Produces<ErrorResponse>(403);
        group.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteAlertChannel").WithSummary("Delete a channel and its queued deliveries")
            .Produces(204).Produces<ErrorResponse>(400).Produces<ErrorResponse>(401).Produces<ErrorResponse>(403).Produces<ErrorResponse>(404);
        group.MapPost("/{id:long}/test", TestAsync).WithName("TestAlertChannel").WithSummary("Send a test notification now and answer how it went")
            .Produces<AlertChannelTestResponse>().Produces<ErrorResponse>(400).Produces<ErrorResponse>(401).Produces<ErrorResponse>(403).Produces<ErrorResponse>(404);
        return group;
    }

    private static async Task<IResult> ListAsync(AlertChannelService channels, CancellationToken cancellationToken) =>
        TypedResults.Ok((await channels.ListAsync(cancellationToken)).Select(AlertChannelResponse.From).ToArray());

    private static async Task<IResult> CreateAsync(HttpContext context, AlertChannelService channels, IAntiforgery antiforgery)
    {
        if (await AntiforgeryProblemAsync(context, antiforgery) is { } refused)
        {
            return refused;
        }
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return BadRequest($"The body is over {MaxBodyBytes / 1024} KB.");
        }
        AlertChannelRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync<AlertChannelRequest>(context.RequestAborted);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            return BadRequest($"The body is not valid JSON{where} (fields: name, kind, url, secret, to, enabled).");
        }
        catch (InvalidOperationException)
        {
            return BadRequest("Send the channel as application/json.");
        }
        if (request is null)
        {
            return BadRequest("Send the channel as a JSON object.");
        }
        var result = await channels.CreateAsync(new AlertChannelInput(request.Name, request.Kind, request.Url, request.Secret, request.To, request.Enabled),
            Actor(context), context.RequestAborted);
        if (result.Channel is not { } created)
        {
            return TypedResults.Json(new ErrorResponse("bad_request", string.Join("; ", result.Errors),
                result.Errors.Select(e => new { field = e.Field, message = e.Message })), statusCode: StatusCodes.Status400BadRequest);
        }
        return TypedResults.Created($"/api/alert-channels/{created.Id}", AlertChannelResponse.From(created));
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext context, AlertChannelService channels, IAntiforgery antiforgery)
    {
        if (await AntiforgeryProblemAsync(context, antiforgery) is { } refused)
        {
            return refused;
        }
        return await channels.DeleteAsync(id, Actor(context), context.RequestAborted) ? TypedResults.NoContent() : NotFound(id);
    }

    private static async Task<IResult> TestAsync(long id, HttpContext context, AlertChannelService channels, IAntiforgery antiforgery)
    {
        if (await AntiforgeryProblemAsync(context, antiforgery) is { } refused)
        {
            return refused;
        }
        var result = await channels.TestAsync(id, context.RequestAborted);
        return result is null ? NotFound(id) : TypedResults.Ok(new AlertChannelTestResponse(result.Succeeded, result.Error, result.StatusCode, result.ElapsedMs));
    }

    private static async Task<IResult?> AntiforgeryProblemAsync(HttpContext context, IAntiforgery antiforgery)
    {
        var byKey = context.User.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName;
        if (byKey || (context.Request.Headers.ContainsKey(BatchEndpoints.AntiforgeryHeader) && await antiforgery.IsRequestValidAsync(context)))
        {
            return null;
        }
        return BadRequest($"A signed-in caller needs an antiforgery token in the {BatchEndpoints.AntiforgeryHeader} header; automation should use an API key.");
    }

    private static string Actor(HttpContext context) => context.User.Identity?.Name ?? "unknown";

    private static IResult NotFound(long id) =>
        TypedResults.Json(new ErrorResponse("not_found", $"No alert channel with id {id}."), statusCode: StatusCodes.Status404NotFound);

    private static IResult BadRequest(string message) =>
        TypedResults.Json(new ErrorResponse("bad_request", message), statusCode: StatusCodes.Status400BadRequest);
}
