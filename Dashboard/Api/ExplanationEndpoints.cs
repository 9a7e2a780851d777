using LeadScoring.Core.Explanations;
using LeadScoring.Dashboard.Api.Contracts;

namespace LeadScoring.Dashboard.Api;

/// <summary>
/// Why a lead got its score: <c>POST /api/explain</c> (the <c>/predict/batch</c> body; nothing is stored) and
/// <c>GET /api/predictions/{id}/explanation</c> (a stored prediction, with the version that scored it). API key or
/// signed-in user.
/// </summary>
public static class ExplanationEndpoints
{
    public static IEndpointRouteBuilder MapExplanationApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/explain", ExplainAsync).WithTags("Explanations")
            .RequireAuthorization(ApiAuthentication.ApiKeyOrUserPolicy)
            .DisableAntiforgery() // it changes nothing; cookie callers cannot be made to post JSON cross-site (SameSite=Strict)
            .WithName("ExplainLeads").WithSummary("Exact SHAP explanations of 1 to 10,000 leads with the champion (per raw column and per model feature)")
            .Produces<IReadOnlyList<ExplanationResult>>().Produces<ErrorResponse>(401).Produces<ErrorResponse>(415).Produces<ErrorResponse>(422).Produces<ErrorResponse>(503);
        endpoints.MapGet("/api/predictions/{id:long}/explanation", ForPredictionAsync).WithTags("Explanations")
            .RequireAuthorization(ApiAuthentication.ApiKeyOrUserPolicy)
            .WithName("ExplainPrediction").WithSummary("Exact SHAP explanation of a stored prediction with the version that scored it")
            .Produces<ExplanationResult>().Produces<ErrorResponse>(401).Produces<ErrorResponse>(404);
        return endpoints;
    }

    private static async Task<IResult> ExplainAsync(HttpContext context, ExplanationService explanations)
    {
        var (leads, failure) = await PredictionEndpoints.ReadLeadsAsync(context);
        if (failure is not null)
        {
            return failure;
        }
        var results = await explanations.ExplainWithChampionAsync(leads!, context.RequestAborted);
        return results is null ? ApiErrors.ModelNotLoaded() : TypedResults.Json(results, ApiJson.SnakeCase);
    }

    private static async Task<IResult> ForPredictionAsync(long id, ExplanationService explanations, CancellationToken cancellationToken)
    {
        var result = await explanations.ForPredictionAsync(id, cancellationToken);
        return result is null
            ? TypedResults.Json(new ErrorResponse("not_found", $"Prediction {id} does not exist."), statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Json(result, ApiJson.SnakeCase);
    }
}
