using LeadScoring.Engine.Ingestion;
using LeadScoring.Dashboard.Api.Contracts;

namespace LeadScoring.Dashboard.Api;

/// <summary>The original API's error bodies; messages never carry exception text.</summary>
public static class ApiErrors
{
    public static IResult Validation(IReadOnlyList<ApiFieldError> errors) =>
        TypedResults.Json(new ErrorResponse("validation_error", "Request validation failed", errors.Select(e => new { loc = e.Loc, msg = e.Msg, type = e.Type })),
            statusCode: StatusCodes.Status422UnprocessableEntity);

    public static IResult Validation(string field, string message, string type) =>
        Validation([new ApiFieldError(["body", field], message, type)]);

    public static IResult InvalidJson(string message) =>
        TypedResults.Json(new ErrorResponse("validation_error", "Request validation failed",
            new[] { new { loc = new object[] { "body" }, msg = message, type = "json_invalid" } }), statusCode: StatusCodes.Status422UnprocessableEntity);

    public static IResult UnsupportedMediaType() =>
        TypedResults.Json(new ErrorResponse("unsupported_media_type", "Send the body as application/json."),
            statusCode: StatusCodes.Status415UnsupportedMediaType);

    public static IResult ModelNotLoaded() =>
        TypedResults.Json(new ErrorResponse("service_unavailable", "Model not loaded — service is not ready. Try again shortly."),
            statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>The prediction could be computed but not queued for storage (store locked or full for a while): retry.</summary>
    public static IResult StoreUnavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "2";
        return TypedResults.Json(new ErrorResponse("store_unavailable",
            "Predictions cannot be stored right now (the database is busy or full); nothing was recorded. Retry shortly."),
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    public static IResult Internal(string message) =>
        TypedResults.Json(new ErrorResponse("internal_error", message), statusCode: StatusCodes.Status500InternalServerError);
}
