using System.Text.Json;
using LeadScoring.Core.Promotions;
using LeadScoring.Dashboard.Api.Contracts;
using Microsoft.AspNetCore.Antiforgery;

namespace LeadScoring.Dashboard.Api;

/// <summary>
/// <c>POST /api/models/{id}/promote</c> and <c>POST /api/models/rollback</c> for automation (an API key with the admin
/// scope, e.g. a deploy script or scripts/cluster.sh): the Models page's promotion, with the same reason, policy and
/// evidence record. Every instance on the store serves the new champion within Cluster:ChampionCheckSeconds.
/// </summary>
public static class ChampionChangeEndpoints
{
    /// <summary>Largest body accepted, in bytes (two reasons of at most 500 characters fit well under it).</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapChampionChangeApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/models").WithTags("Models").RequireAuthorization(ApiAuthentication.ApiKeyOrUserPolicy);
        group.MapPost("/{id:int}/promote", PromoteAsync).DisableAntiforgery() // checked in the handler for cookie callers only
            .WithName("PromoteModel").WithSummary("Make a version the champion (reason required; the policy applies unless override_reason is given)")
            .WithJsonBody<ChampionChangeRequest>()
            .Produces<ChampionChangeResponse>().Produces<ErrorResponse>(400).Produces<ErrorResponse>(401).Produces<ErrorResponse>(403)
            .Produces<ErrorResponse>(404).Produces<ErrorResponse>(409);
        group.MapPost("/rollback", RollbackAsync).DisableAntiforgery()
            .WithName("RollbackModel").WithSummary("Return to the previous champion (its own threshold and reference)")
            .WithJsonBody<ChampionChangeRequest>()
            .Produces<ChampionChangeResponse>().Produces<ErrorResponse>(400).Produces<ErrorResponse>(401).Produces<ErrorResponse>(403)
            .Produces<ErrorResponse>(409);
        return endpoints;
    }

    private static async Task<IResult> PromoteAsync(int id, HttpContext context, PromotionService promotions, IAntiforgery antiforgery)
    {
        if (await AlertEndpoints.RefusedAsync(context, antiforgery) is { } refused)
        {
            return refused;
        }
        var (request, error) = await ReadAsync(context);
        if (error is not null)
        {
            return error;
        }
        try
        {
            var result = await promotions.PromoteAsync(new PromotionRequest(id, request!.Reason, request.OverrideReason), CallerName(context), context.RequestAborted);
            return TypedResults.Json(ChampionChangeResponse.Create(result), ApiJson.SnakeCase);
        }
        catch (KeyNotFoundException)
        {
            return Error(StatusCodes.Status404NotFound, "not_found", $"Model version {id} does not exist.");
        }
        catch (PromotionRequestException ex)
        {
            return Error(StatusCodes.Status400BadRequest, "bad_request", $"{ToSnakeCase(ex.Field)}: {ex.Message}");
        }
        catch (PromotionRefusedException ex)
        {
            return Error(StatusCodes.Status409Conflict, "refused_by_policy", ex.Message);
        }
    }

    private static async Task<IResult> RollbackAsync(HttpContext context, PromotionService promotions, IAntiforgery antiforgery)
    {
        if (await AlertEndpoints.RefusedAsync(context, antiforgery) is { } refused)
        {
            return refused;
        }
        var (request, error) = await ReadAsync(context);
        if (error is not null)
        {
            return error;
        }
        try
        {
            var result = await promotions.RollbackAsync(CallerName(context), request!.Reason, context.RequestAborted);
            return result is null
                ? Error(StatusCodes.Status409Conflict, "no_previous_champion", "There is no earlier champion to roll back to.")
                : TypedResults.Json(ChampionChangeResponse.Create(result), ApiJson.SnakeCase);
        }
        catch (PromotionRequestException ex)
        {
            return Error(StatusCodes.Status400BadRequest, "bad_request", $"{ToSnakeCase(ex.Field)}: {ex.Message}");
        }
    }

    private static async Task<(ChampionChangeRequest? Request, IResult? Error)> ReadAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }
        using var reader = new StreamReader(context.Request.Body);
        var buffer = new char[MaxBodyBytes + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), context.RequestAborted);
        if (read > MaxBodyBytes)
        {
            return (null, TooLarge());
        }
        var body = new string(buffer, 0, read);
        if (string.IsNullOrWhiteSpace(body))
        {
            return (new ChampionChangeRequest(null), null);
        }
        try
        {
            return (JsonSerializer.Deserialize<ChampionChangeRequest>(body, ApiJson.SnakeCase) ?? new ChampionChangeRequest(null), null);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            return (null, Error(StatusCodes.Status400BadRequest, "bad_request", $"{field}: not valid JSON for this field."));
        }
    }

    private static string ToSnakeCase(string field) => JsonNamingPolicy.SnakeCaseLower.ConvertName(field);

    private static IResult TooLarge() => Error(StatusCodes.Status413PayloadTooLarge, "payload_too_large",
        $"The body is larger than {MaxBodyBytes / 1024} KB (ChampionChangeEndpoints.MaxBodyBytes).");

    private static string CallerName(HttpContext context) => context.User.Identity?.Name ?? "unknown";

    private static IResult Error(int status, string code, string message) => TypedResults.Json(new ErrorResponse(code, message), statusCode: status);
}
