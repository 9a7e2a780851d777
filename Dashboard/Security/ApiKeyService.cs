using System.Security.Claims;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadScoring.Dashboard.Security;

/// <summary>An API key as listed to admins (never the key itself).</summary>
public sealed record ApiKeyInfo(int Id, string Name, string Prefix, string CreatedBy, DateTime CreatedAtUtc, DateTime? RevokedAtUtc, DateTime? LastUsedAtUtc,
    ApiScope Scopes)
{
    public bool IsRevoked => RevokedAtUtc is not null;
}

/// <summary>A new key: <see cref="Key"/> is shown once and never stored.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Info, string Key);

/// <summary>Admin commands on API keys; each goes through <see cref="AdminGuard"/> (role re-checked, audited).</summary>
public sealed class ApiKeyService(ILeadScoringDbFactory dbFactory, AdminGuard guard, TimeProvider time)
{
    public const int MaxNameLength = 200;

    /// <summary>Creates a key named <paramref name="name"/> (1–200 characters, trimmed) holding <paramref name="scopes"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty or too long, or no scope is chosen.</exception>
    public Task<AdminResult<CreatedApiKey>> CreateAsync(ClaimsPrincipal admin, string name, ApiScope scopes = ApiScopes.DefaultForNewKeys,
        CancellationToken cancellationToken = default)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            throw new ArgumentException($"A key name has 1 to {MaxNameLength} characters.", nameof(name));
        }
        scopes &= ApiScope.All;
        if (scopes == ApiScope.None)
        {
            throw new ArgumentException("Choose at least one scope (ingest, read or admin) for the key.", nameof(scopes));
        }
        // The audit names the scopes granted, so a later reader sees what the key was allowed to do.
        return guard.RunAsync(admin, "create api key", $"{trimmed} (scopes: {ApiScopes.Format(scopes)})", async () =>
        {
            var key = ApiKeyFormat.Generate();
            var record = NewRecord(trimmed, key, admin.Identity?.Name ?? "", scopes, time);
            await using var db = dbFactory.CreateDbContext();
            db.ApiKeys.Add(record);
            await db.SaveChangesAsync(cancellationToken);
            return new CreatedApiKey(ToInfo(record), key);
        });
    }

    /// <summary>Every key, newest first; null when <paramref name="admin"/> is not an enabled admin.</summary>
    public async Task<IReadOnlyList<ApiKeyInfo>?> ListAsync(ClaimsPrincipal admin, CancellationToken cancellationToken = default)
    {
        if (!await guard.IsAdminAsync(admin))
        {
            return null;
        }
        await using var db = dbFactory.CreateDbContext();
        var records = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id).ToListAsync(cancellationToken);
        return [.. records.Select(ToInfo)];
    }

    /// <summary>Revokes key <paramref name="id"/>; the value is false when no such active key exists.</summary>
    public Task<AdminResult<bool>> RevokeAsync(ClaimsPrincipal admin, int id, CancellationToken cancellationToken = default) =>
        guard.RunAsync(admin, "revoke api key", id.ToString(System.Globalization.CultureInfo.InvariantCulture), async () =>
        {
            await using var db = dbFactory.CreateDbContext();
            var now = time.GetUtcNow().UtcDateTime;
            var changed = await db.ApiKeys.Where(k => k.Id == id && k.RevokedAtUtc == null)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAtUtc, now), cancellationToken);
            return changed > 0;
        });

    internal static ApiKeyRecord NewRecord(string name, string key, string createdBy, ApiScope scopes, TimeProvider time) => new()
    {
        Name = name, Prefix = ApiKeyFormat.PrefixOf(key), Hash = ApiKeyFormat.Hash(key), CreatedBy = createdBy,
        CreatedAtUtc = time.GetUtcNow().UtcDateTime, Scopes = ApiScopes.Format(scopes),
    };

    private static ApiKeyInfo ToInfo(ApiKeyRecord r) =>
        new(r.Id, r.Name, r.Prefix, r.CreatedBy, r.CreatedAtUtc, r.RevokedAtUtc, r.LastUsedAtUtc, ApiScopes.Parse(r.Scopes));
}

/// <summary>
/// Stores the configured bootstrap key (Security:BootstrapApiKey) hashed at start-up when absent, so automation can
/// upload from the first start. A revoked bootstrap key stays revoked: it is not re-inserted.
/// </summary>
internal sealed class ApiKeyBootstrapper(ILeadScoringDbFactory dbFactory, IOptions<SecurityOptions> options, TimeProvider time,
    ILogger<ApiKeyBootstrapper> logger) : IHostedService
{
    public const string BootstrapKeyName = "bootstrap (configuration)";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var key = options.Value.BootstrapApiKey?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            return;
        }
        if (key.Length < ApiKeyFormat.MinimumLength)
        {
            throw new InvalidOperationException(
                $"Security:BootstrapApiKey is shorter than {ApiKeyFormat.MinimumLength} characters; use a long random key (e.g. `openssl rand -base64 32`).");
        }
        var hash = ApiKeyFormat.Hash(key);
        await using var db = dbFactory.CreateDbContext();
        if (await db.ApiKeys.AnyAsync(k => k.Hash == hash, cancellationToken))
        {
            return;
        }
        // The operator who put the key in configuration controls the whole deployment: it may do everything.
        db.ApiKeys.Add(ApiKeyService.NewRecord(BootstrapKeyName, key, "configuration", ApiScope.All, time));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Stored the bootstrap API key from configuration (prefix {Prefix})", ApiKeyFormat.PrefixOf(key));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
