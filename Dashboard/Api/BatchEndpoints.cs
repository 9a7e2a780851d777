using LeadScoring.Engine.Ingestion;
using System.Security.Claims;
using System.Text.Json;
using LeadScoring.Core.Batches;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using LeadScoring.Dashboard.Api.Contracts;
using Microsoft.AspNetCore.Antiforgery;
using LeadScoring.Dashboard.Services;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace LeadScoring.Dashboard.Api;

/// <summary>
/// Batch ingestion over HTTP for scheduled jobs: the same Core service as the Upload page. Authenticated by an API
/// key (X-API-Key) or a signed-in user; a cookie-authenticated upload must also carry an antiforgery token.
/// </summary>
public static class BatchEndpoints
{
    public static RouteGroupBuilder MapBatchApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/batches").WithTags("Batches")
            .RequireAuthorization(ApiAuthentication.ApiKeyOrUserPolicy)
            // Antiforgery is checked in the handler for cookie callers only: API-key callers have no browser session.
            .DisableAntiforgery();

        // POST /api/batches
        group.MapPost("", UploadAsync)
            .WithName("UploadBatch").WithSummary("Upload one CSV file (raw or processed schema): validate, score, test drift, store")
            .Produces<BatchResponse>(201).Produces<BatchResponse>(422).Produces<ErrorResponse>(400).Produces<ErrorResponse>(401)
            .Produces<ErrorResponse>(413).Produces<ErrorResponse>(415).Produces<ErrorResponse>(429).Produces<ErrorResponse>(503).Produces<ErrorResponse>(507);

        // GET /api/batches/{id}
        group.MapGet("/{id:long}", GetAsync)
            .WithName("GetBatch").WithSummary("A batch's status, row counts, validation report and drift summary")
            .Produces<BatchResponse>().Produces<ErrorResponse>(404);

        // GET /api/batches/{id}/report
        group.MapGet("/{id:long}/report", GetReportAsync)
            .WithName("GetBatchReport").WithSummary("A batch's full validation and drift reports (JSON, or ?format=html)")
            .Produces<BatchReportResponse>().Produces<ErrorResponse>(404);

        // GET /api/batches/{id}/issues.csv?kind=errors|warnings
        group.MapGet("/{id:long}/explanations.csv", GetExplanationsAsync)
            .WithName("GetBatchExplanations").WithSummary("Every prediction of the batch with its top 3 factors (raw column, push on the score in percentage points), formula-safe CSV")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").Produces<ErrorResponse>(404);

        group.MapGet("/{id:long}/issues.csv", GetIssuesAsync)
            .WithName("BatchIssues").WithSummary("A batch's validation problems (errors, or ?kind=warnings) as CSV")
            .Produces(200, contentType: "text/csv").Produces<ErrorResponse>(404);
        return group;
    }

    /// <summary>Query parameter: read a raw file's missing columns as missing (a warning) instead of refusing the file.</summary>
    public const string AllowMissingColumnsParameter = "allowMissingColumns";

    private static bool AllowMissingColumns(HttpRequest request) =>
        bool.TryParse(request.Query[AllowMissingColumnsParameter].ToString(), out var allow) && allow;

    /// <summary>Header naming the upload job a page follows (a GUID the page chose): progress is published under it.</summary>
    public const string UploadJobHeader = "X-Upload-Job";

    private static async Task<IResult> UploadAsync(HttpContext context, BatchIngestionService ingestion, IAntiforgery antiforgery,
        BatchQueries batches, UploadJobs jobs, UploadSlots slots, IOptions<UploadOptions> uploadOptions, ILoggerFactory loggers)
    {
        var request = context.Request;
        var maxBytes = uploadOptions.Value.MaxFileBytes;
        if (request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
        {
            return Error(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Send the CSV as multipart/form-data with one file part.");
        }
        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes;
        }
        // Checked before a byte of the body is read. A signed-in caller sends the token in the RequestVerificationToken
        // header (the Upload page does); a form field would mean reading the whole body first.
        var byKey = context.User.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName;
        if (!byKey && (!request.Headers.ContainsKey(AntiforgeryHeader) || !await antiforgery.IsRequestValidAsync(context)))
        {
            return Error(StatusCodes.Status400BadRequest, "antiforgery",
                $"A signed-in upload needs an antiforgery token in the {AntiforgeryHeader} header; automation should use an API key.");
        }
        var uploadedBy = UploaderName(context.User);
        var (slot, refusal) = slots.TryTake(uploadedBy);
        if (slot is null)
        {
            context.Response.Headers.RetryAfter = "5";
            return Error(StatusCodes.Status429TooManyRequests, "too_many_uploads", refusal!);
        }
        using var uploadSlot = slot;
        var job = !byKey && Guid.TryParse(request.Headers[UploadJobHeader], out var jobId)
            ? jobs.Start(jobId, context.User.Identity?.Name ?? "", "upload.csv", request.ContentLength)
            : null;
        var logger = loggers.CreateLogger(typeof(BatchEndpoints));
        MultipartCsvReceiver? receiver = null;
        try
        {
            (receiver, var error) = await MultipartCsvReceiver.OpenAsync(request, job is null ? null : job.Received, context.RequestAborted);
            if (receiver is null)
            {
                job?.Fail(error!);
                return Error(error!.StartsWith("Send exactly", StringComparison.Ordinal) ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest,
                    error.StartsWith("Send exactly", StringComparison.Ordinal) ? "validation_error" : "invalid_multipart", error);
            }
            if (job is not null)
            {
                job.FileName = UploadFileName.Sanitize(receiver.FileName);
            }
            var result = await ingestion.IngestAsync(receiver.File, receiver.FileName, uploadedBy,
                progress: job is null ? null : new Progress<IngestionProgress>(job.Report), cancellationToken: context.RequestAborted,
                beforeCommit: receiver.CheckNoOtherFileAsync, allowMissingColumns: AllowMissingColumns(request));
            job?.Complete(result);
            return result switch
            {
                { Failure: StoreFailure.Busy } => Busy(context, result.Message!),
                { Failure: StoreFailure.Full } => Error(StatusCodes.Status507InsufficientStorage, "storage_full", result.Message!),
                { Failure: not StoreFailure.None } => Error(StatusCodes.Status503ServiceUnavailable, "store_unavailable", result.Message!),
                { Status: BatchStatus.Completed } => TypedResults.Created($"/api/batches/{result.BatchId}",
                    ToResponse(await batches.GetAsync(result.BatchId, context.RequestAborted))! with { Timings = BatchTimings.From(result.Timings), DriftRunId = result.DriftRunId }),
                { Status: BatchStatus.Rejected } => TypedResults.Json(ToResponse(await batches.GetAsync(result.BatchId, context.RequestAborted)),
                    statusCode: StatusCodes.Status422UnprocessableEntity),
                _ => Error(StatusCodes.Status503ServiceUnavailable, "service_unavailable", result.Message ?? "The batch could not be processed."),
            };
        }
        catch (Exception ex) when (ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
            || ex.InnerException is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            job?.Fail(TooLargeMessage(maxBytes));
            return TooLarge(maxBytes);
        }
        catch (Exception ex) when (context.RequestAborted.IsCancellationRequested || ex is OperationCanceledException)
        {
            // The client went away (cancelled, or the connection dropped): nothing was stored; nobody reads an answer.
            job?.Fail("The upload was cancelled or the connection dropped before the file arrived completely; nothing was stored.");
            return TypedResults.Empty;
        }
        catch (Exception ex) when (ex is IOException or BadHttpRequestException or InvalidDataException)
        {
            job?.Fail("The multipart body could not be read; nothing was stored.");
            return Error(StatusCodes.Status400BadRequest, "invalid_multipart", "The multipart body could not be read; nothing was stored.");
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Batch upload failed");
            job?.Fail(StoreErrors.Describe(ex));
            return Error(StatusCodes.Status500InternalServerError, "internal_error", StoreErrors.Describe(ex));
        }
        finally
        {
            if (receiver is not null)
            {
                await receiver.DisposeAsync();
            }
        }
    }

    /// <summary>The header a signed-in caller puts its antiforgery token in (ASP.NET Core's default).</summary>
    public const string AntiforgeryHeader = "RequestVerificationToken";

    private static string TooLargeMessage(long maxBytes) => $"The upload exceeds the {maxBytes / (1024 * 1024)} MB limit (Uploads:MaxFileMegabytes).";

    private static IResult TooLarge(long maxBytes) => Error(StatusCodes.Status413PayloadTooLarge, "payload_too_large", TooLargeMessage(maxBytes));

    private static async Task<IResult> GetAsync(long id, BatchQueries batches, CancellationToken cancellationToken) =>
        await batches.GetAsync(id, cancellationToken) is { } batch
            ? TypedResults.Ok(ToResponse(batch))
            : Error(StatusCodes.Status404NotFound, "not_found", "No such batch.");

    private static async Task<IResult> GetReportAsync(long id, string? format, BatchQueries batches, CancellationToken cancellationToken)
    {
        if (await batches.GetAsync(id, cancellationToken) is not { } batch)
        {
            return Error(StatusCodes.Status404NotFound, "not_found", "No such batch.");
        }
        if (string.Equals(format, "html", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Content(BatchHtmlReport.Render(batch), "text/html; charset=utf-8");
        }
        using var document = batch.Record.DriftJson is null ? null : JsonDocument.Parse(batch.Record.DriftJson);
        return TypedResults.Ok(new BatchReportResponse(ToResponse(batch)!, document?.RootElement.Clone()));
    }

    private static async Task<IResult> GetExplanationsAsync(long id, BatchQueries batches, LeadScoring.Core.Explanations.ExplanationService explanations,
        CancellationToken cancellationToken)
    {
        if (await batches.GetAsync(id, cancellationToken) is null)
        {
            return Error(StatusCodes.Status404NotFound, "not_found", "No such batch.");
        }
        return TypedResults.Stream(async stream =>
        {
            await using var output = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 64 * 1024, leaveOpen: true);
            var chunk = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            using (var csv = new SafeCsvWriter(chunk, leaveOpen: true))
            {
                csv.WriteRow(["prediction_id", "lead_id", "score", "factor_1", "push_1_pp", "factor_2", "push_2_pp", "factor_3", "push_3_pp", "note"]);
                var rows = 0;
                await foreach (var (predictionId, leadId, result) in explanations.ExplainBatchAsync(id, cancellationToken))
                {
                    csv.WriteNumber(predictionId);
                    csv.WriteText(leadId);
                    var top = result.Explanation?.RawColumns.Take(3).ToList() ?? [];
                    csv.WriteNumber(result.Explanation?.Score);
                    for (var k = 0; k < 3; k++)
                    {
                        csv.WriteText(k < top.Count ? top[k].Name : null);
                        csv.WriteNumber(k < top.Count ? Math.Round(top[k].PercentagePoints, 2) : null);
                    }
                    csv.WriteText(result.Unavailable);
                    csv.EndRow();
                    if (++rows % 2_000 == 0)
                    {
                        await output.WriteAsync(chunk.ToString());
                        chunk.GetStringBuilder().Clear();
                    }
                }
            }
            await output.WriteAsync(chunk.ToString());
            await output.FlushAsync(cancellationToken);
        }, "text/csv; charset=utf-8", $"batch-{id}-explanations.csv");
    }

    private static async Task<IResult> GetIssuesAsync(long id, string? kind, BatchQueries batches, CancellationToken cancellationToken)
    {
        if (await batches.GetAsync(id, cancellationToken) is not { Validation: { } report })
        {
            return Error(StatusCodes.Status404NotFound, "not_found", "No such batch, or it has no validation report.");
        }
        var warnings = string.Equals(kind, "warnings", StringComparison.OrdinalIgnoreCase);
        var issues = warnings ? report.Warnings : report.Errors;
        return TypedResults.Stream(async stream =>
        {
            await using var text = new StreamWriter(stream);
            using var csv = new SafeCsvWriter(text, leaveOpen: true);
            csv.WriteRow(["row", "column", "message"]);
            foreach (var issue in issues)
            {
                csv.WriteNumber(issue.Row);
                csv.WriteText(issue.Column ?? "");
                csv.WriteText(issue.Message);
                csv.EndRow();
            }
        }, "text/csv", $"batch-{id}-{(warnings ? "warnings" : "errors")}.csv");
    }

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(batch))]
    private static BatchResponse? ToResponse(StoredBatch? batch)
    {
        if (batch is null)
        {
            return null;
        }
        var b = batch.Record;
        return new BatchResponse(b.Id, b.Status.ToString().ToLowerInvariant(), b.FileName, b.Schema.Length == 0 ? null : b.Schema, b.UploadedBy,
            b.CreatedAtUtc, b.CompletedAtUtc, batch.ModelVersion is int v ? "v" + v.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            new BatchRowCounts(b.TotalRows, b.StoredRows, b.ErrorCount, b.WarningCount), b.Message,
            batch.Validation is { } validation ? ValidationReportContract.From(validation) : null, DriftSummaryContract.From(batch.Drift),
            new BatchLinks($"/api/batches/{b.Id}", $"/api/batches/{b.Id}/report"));
    }

    private static string UploaderName(ClaimsPrincipal user)
    {
        var name = user.Identity?.Name ?? "unknown";
        return name.Length <= 256 ? name : name[..256];
    }

    private static IResult Busy(HttpContext context, string message)
    {
        context.Response.Headers.RetryAfter = "5";
        return Error(StatusCodes.Status503ServiceUnavailable, "database_busy", message);
    }

    private static IResult Error(int status, string code, string message) => TypedResults.Json(new ErrorResponse(code, message), statusCode: status);
}
