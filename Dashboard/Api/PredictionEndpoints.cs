using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Scoring;
using LeadScoring.Core.Predictions;
using LeadScoring.Dashboard.Api.Contracts;

namespace LeadScoring.Dashboard.Api;

/// <summary>The prediction API of the original FastAPI service: same paths, bodies, rules and errors.</summary>
public static class PredictionEndpoints
{
    public const int MaxBatchSize = 10_000;

    // Leads are flat objects; deeper nesting is an attack on the parser, not a lead.
    private static readonly JsonDocumentOptions s_documentOptions = new() { MaxDepth = 8 };

    public static RouteGroupBuilder MapPredictionApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("").WithTags("Predictions").DisableAntiforgery();
        var requireKey = endpoints.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<PredictionApiOptions>>().Value.RequireApiKey;
        _ = requireKey ? group.RequireAuthorization(ApiAuthentication.ApiKeyOrUserPolicy) : group.AllowAnonymous();

        // POST /predict
        group.MapPost("/predict", PredictOneAsync)
            .WithName("Predict").WithSummary("Score one lead")
            .WithRequestBody<RawLead>()
            .Produces<LeadPredictionResponse>().Produces<ErrorResponse>(422).Produces<ErrorResponse>(415).Produces<ErrorResponse>(429).Produces<ErrorResponse>(503);

        // POST /predict/batch
        group.MapPost("/predict/batch", PredictBatchAsync)
            .WithName("PredictBatch").WithSummary("Score 1 to 10,000 leads")
            .WithRequestBody<BatchRequestSchema>()
            .Produces<BatchPredictionResponse>().Produces<ErrorResponse>(422).Produces<ErrorResponse>(415).Produces<ErrorResponse>(429).Produces<ErrorResponse>(503);
        return group;
    }

    private static async Task<IResult> PredictOneAsync(HttpContext context, LeadScoringService scoring)
    {
        var started = Stopwatch.GetTimestamp();
        var (document, failure) = await ReadJsonAsync(context);
        if (failure is not null)
        {
            return failure;
        }
        using (document)
        {
            var errors = new List<ApiFieldError>();
            var lead = LeadJsonValidator.Read(document!.RootElement, ["body"], errors);
            if (lead is null)
            {
                return ApiErrors.Validation(errors);
            }
            var scored = scoring.Score([lead]);
            if (scored is null)
            {
                return ApiErrors.ModelNotLoaded();
            }
            var response = ToResponse(scored.Scores[0], scored.ModelVersion, scored.InferenceMs);
            // A 200 promises a stored prediction: when the store has been locked or full long enough to fill the
            // telemetry queue, refuse with 503 + Retry-After at once instead.
            return scoring.Record(scored, Stopwatch.GetElapsedTime(started).TotalMilliseconds, requestId: RequestId(context))
                ? TypedResults.Ok(response)
                : ApiErrors.StoreUnavailable(context);
        }
    }

    // The caller's X-Request-ID, stored with its predictions so they can be found by it (at most 128 characters kept).
    private static string? RequestId(HttpContext context) =>
        context.Request.Headers["X-Request-ID"].ToString() is { Length: > 0 } id ? id[..Math.Min(id.Length, 128)] : null;

    private static async Task<IResult> PredictBatchAsync(HttpContext context, LeadScoringService scoring, ClientRateLimits rateLimits)
    {
        var started = Stopwatch.GetTimestamp();
        var (leads, failure) = await ReadLeadsAsync(context);
        // The budget is counted in leads, so it is taken once the batch is read; an unreadable body costs one.
        using var lease = rateLimits.AcquireLeads(context, leads?.Count ?? 1);
        if (!lease.IsAcquired)
        {
            return ClientRateLimits.Rejected(context, lease, rateLimits.Describe(RateLimitBudget.BatchLeads));
        }
        if (failure is not null)
        {
            return failure;
        }
        var count = leads!.Count;
        var scored = scoring.Score(leads, source: "batch");
        if (scored is null)
        {
            return ApiErrors.ModelNotLoaded();
        }
        // As the original: every prediction carries the batch's time divided by its size.
        var perLead = scored.InferenceMs / count;
        var predictions = scored.Scores.Select(s => ToResponse(s, scored.ModelVersion, perLead)).ToList();
        var response = new BatchPredictionResponse(predictions, count,
            ScoreRules.PythonRound(scored.Scores.Average(s => s.Score), 4), scored.Scores.Count(s => s.Engaged));
        return scoring.Record(scored, Stopwatch.GetElapsedTime(started).TotalMilliseconds, requestId: RequestId(context))
            ? TypedResults.Ok(response)
            : ApiErrors.StoreUnavailable(context);
    }

    private static LeadPredictionResponse ToResponse(LeadScore score, string modelVersion, double inferenceMs) =>
        new(ScoreRules.RoundScore(score.Score), ScoreRules.LabelText(score.Engaged), ScoreRules.ConfidenceText(score.Confidence),
            modelVersion, Math.Round(inferenceMs, 3));

    /// <summary>
    /// A <c>{"leads": [...]}</c> body read and validated as <c>/predict/batch</c> does (1 to <see cref="MaxBatchSize"/>
    /// leads, field-level 422s, one invalid lead rejects all); also used by <c>/api/explain</c>.
    /// </summary>
    internal static async Task<(List<RawLead>? Leads, IResult? Failure)> ReadLeadsAsync(HttpContext context)
    {
        var (document, failure) = await ReadJsonAsync(context);
        if (failure is not null)
        {
            return (null, failure);
        }
        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("leads", out var leadsElement))
            {
                return (null, ApiErrors.Validation("leads", "Field required", "missing"));
            }
            if (leadsElement.ValueKind != JsonValueKind.Array)
            {
                return (null, ApiErrors.Validation("leads", "Input should be a valid list", "list_type"));
            }
            var count = leadsElement.GetArrayLength();
            if (count is 0 or > MaxBatchSize)
            {
                return (null, count == 0
                    ? ApiErrors.Validation("leads", "List should have at least 1 item after validation, not 0", "too_short")
                    : ApiErrors.Validation("leads", $"List should have at most {MaxBatchSize} items after validation, not {count}", "too_long"));
            }
            var errors = new List<ApiFieldError>();
            var leads = new List<RawLead>(count);
            var index = 0;
            foreach (var element in leadsElement.EnumerateArray())
            {
                var lead = LeadJsonValidator.Read(element, ["body", "leads", index++], errors);
                if (lead is not null)
                {
                    leads.Add(lead);
                }
            }
            // One invalid lead rejects the whole batch; nothing is scored or stored.
            return errors.Count > 0 ? (null, ApiErrors.Validation(errors)) : (leads, null);
        }
    }

    private static async Task<(JsonDocument? Document, IResult? Failure)> ReadJsonAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentType is null)
        {
            // The original answered a bare POST (no body, no type) with 422. A body without a type is read as JSON, as
            // FastAPI >= 0.65.3 does: clients posting data=json.dumps(...) send no Content-Type.
            var canHaveBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
            if (request.ContentLength == 0 || !canHaveBody)
            {
                return (null, ApiErrors.Validation([new ApiFieldError(["body"], "Field required", "missing")]));
            }
        }
        else if (!request.HasJsonContentType())
        {
            return (null, ApiErrors.UnsupportedMediaType());
        }
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, s_documentOptions, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            // Position only: the parser's own message may quote the input.
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : "";
            return (null, ApiErrors.InvalidJson($"The body is not valid JSON{where}. NaN and Infinity are not JSON: send null for a missing value."));
        }
        // Text that is not valid Unicode would throw when read: name the field instead.
        if (JsonUnicodeCheck.FirstInvalid(document.RootElement, ["body"]) is { } invalid)
        {
            document.Dispose();
            return (null, ApiErrors.Validation([invalid]));
        }
        return (document, null);
    }

    /// <summary>
    /// Documents a JSON body without Accepts metadata: routing would answer other content types with a bare 415
    /// before the handler, and the handler's own 415/422 bodies are the contract.
    /// </summary>
    private static RouteHandlerBuilder WithRequestBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            operation.RequestBody ??= new Microsoft.OpenApi.OpenApiRequestBody { Required = true, Description = $"A JSON {typeof(T).Name}." };
            return Task.CompletedTask;
        });

    /// <summary>OpenAPI shape of the batch body.</summary>
    public sealed record BatchRequestSchema(IReadOnlyList<RawLead> Leads);
}
