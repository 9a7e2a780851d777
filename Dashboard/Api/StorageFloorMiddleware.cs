using LeadScoring.Core.Storage;
using LeadScoring.Dashboard.Api.Contracts;

namespace LeadScoring.Dashboard.Api;

/// <summary>
/// Refuses the API's writes with 507 Insufficient Storage while the store's disk is below Storage:MinFreeBytes
/// (<see cref="StorageFloor"/>), before the body is read or SQLite runs out of disk mid-transaction. Reads, sign-in
/// and every other path pass; page uploads are refused by the ingestion service itself. Runs after authorization,
/// so an anonymous caller learns nothing about the disk.
/// </summary>
public sealed class StorageFloorMiddleware(RequestDelegate next, StorageFloor floor)
{
    private static readonly string[] s_writePaths = ["/predict", "/predict/batch", "/api/batches", "/api/outcomes"];

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsWrite(context.Request) && floor.RefusalReason() is { } reason)
        {
            context.Response.StatusCode = StatusCodes.Status507InsufficientStorage;
            await context.Response.WriteAsJsonAsync(new ErrorResponse("storage_full", reason), context.RequestAborted);
            return;
        }
        await next(context);
    }

    internal static bool IsWrite(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && s_writePaths.Any(p => string.Equals(request.Path.Value?.TrimEnd('/'), p, StringComparison.OrdinalIgnoreCase));
}
