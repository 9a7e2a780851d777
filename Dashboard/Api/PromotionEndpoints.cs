using System.Globalization;
using System.Text;
using LeadScoring.Core.Promotions;
using LeadScoring.Dashboard.Api.Contracts;

namespace LeadScoring.Dashboard.Api;

/// <summary>
/// <c>GET /api/models/promotions</c> (list) and <c>GET /api/models/promotions/{id}</c> (the frozen evidence JSON, as
/// stored): read scope or a signed-in user. Promotions themselves happen on the Models page (admin, with a reason).
/// </summary>
public static class PromotionEndpoints
{
    public static RouteGroupBuilder MapPromotionApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/models/promotions").WithTags("Models").RequireAuthorization(ApiAuthentication.ApiKeyOrUserPolicy);

        group.MapGet("", ListAsync)
            .WithName("ListPromotions").WithSummary("Champion changes (promotions and rollbacks), newest first, with reason and policy verdict")
            .Produces<PromotionListResponse>(StatusCodes.Status200OK, "application/json").Produces<ErrorResponse>(401);

        group.MapGet("/{id:long}", GetAsync)
            .WithName("GetPromotion").WithSummary("One champion change's frozen evidence (schema-versioned JSON)")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").Produces<ErrorResponse>(401).Produces<ErrorResponse>(404);
        return group;
    }

    private static async Task<IResult> ListAsync(PromotionService promotions, HttpContext context)
    {
        var rows = await promotions.ListAsync(context.RequestAborted);
        return TypedResults.Json(new PromotionListResponse([.. rows.Select(PromotionSummaryResponse.Create)]), ApiJson.SnakeCase);
    }

    private static async Task<IResult> GetAsync(long id, PromotionService promotions, HttpContext context)
    {
        var stored = await promotions.GetAsync(id, context.RequestAborted);
        if (stored is null)
        {
            return TypedResults.Json(new ErrorResponse("not_found", string.Create(CultureInfo.InvariantCulture, $"No promotion record has id {id}.")),
                statusCode: StatusCodes.Status404NotFound);
        }
        // ?download=true makes the browser save it as a file; otherwise it is shown or read as JSON.
        var disposition = context.Request.Query.TryGetValue("download", out var d) && d == "true" ? "attachment" : "inline";
        context.Response.Headers.ContentDisposition = string.Create(CultureInfo.InvariantCulture, $"{disposition}; filename=\"promotion-{id}.json\"");
        return TypedResults.Text(stored.EvidenceJson, "application/json", Encoding.UTF8);
    }
}
