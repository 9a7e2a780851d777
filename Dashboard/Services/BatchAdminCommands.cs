using System.Security.Claims;
using LeadScoring.Core.Batches;
using LeadScoring.Dashboard.Security;

namespace LeadScoring.Dashboard.Services;

/// <summary>
/// The admin page's data commands. Each goes through <see cref="AdminGuard"/> in a fresh scope (see
/// <see cref="ModelAdminCommands"/> for why): the role is re-read from the store and the attempt audited.
/// </summary>
public sealed class BatchAdminCommands(IServiceScopeFactory scopes, BatchAdministration batches)
{
    /// <summary>Recent batches for an enabled admin; null when the caller is not one.</summary>
    public async Task<IReadOnlyList<BatchListItem>?> ListAsync(ClaimsPrincipal user, int take = 50)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AdminGuard>().IsAdminAsync(user) ? await batches.RecentAsync(take) : null;
    }

    /// <summary>Deletes a batch and all its predictions (one transaction).</summary>
    public async Task<AdminResult<BatchDeletion>> DeleteBatchAsync(ClaimsPrincipal user, long batchId)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AdminGuard>()
            .RunAsync(user, "batch.delete", $"batch id {batchId}", () => batches.DeleteBatchAsync(batchId));
    }
}
