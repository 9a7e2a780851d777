using LeadScoring.Core.Diagnostics;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using LeadScoring.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace LeadScoring.Dashboard.Security;

/// <summary>The key material: generation, hashing and the prefix shown in lists.</summary>
public static class ApiKeyFormat
{
    public const string KeyPrefix = "lsk_";

    /// <summary>Shortest key accepted (a configured bootstrap key included): short keys could be guessed.</summary>
    public const int MinimumLength = 24;

    /// <summary>A new key: "lsk_" + 32 random bytes, base64url (256 bits).</summary>
    public static string Generate() =>
        KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>SHA-256 of the key, lowercase hex: keys are long random strings, so a fast unsalted hash is enough.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The first characters, enough to recognise a key in a list without revealing it.</summary>
    public static string PrefixOf(string key) => key[..Math.Min(10, key.Length)];
}

/// <summary>A valid API key's identity and what it may do.</summary>
public sealed record ApiKeyIdentity(int Id, string Name, ApiScope Scopes);

/// <summary>
/// Checks X-API-Key values against the stored hashes (revoked keys refused). LastUsedAtUtc is written at most once a
/// minute per key and best-effort, so a busy store never fails or slows authentication.
/// </summary>
public sealed class ApiKeyValidator(ILeadScoringDbFactory dbFactory, TimeProvider time, ILogger<ApiKeyValidator> logger)
{
    private static readonly TimeSpan s_lastUsedResolution = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<int, DateTimeOffset> _lastUsedWritten = new();

    public async Task<ApiKeyIdentity?> ValidateAsync(string? key, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(key) || key.Length < ApiKeyFormat.MinimumLength || key.Length > 512)
        {
            LeadScoringDiagnostics.ApiKeyFailures.Add(1);
            return null;
        }
        var hash = ApiKeyFormat.Hash(key);
        await using var db = dbFactory.CreateDbContext();
        var found = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAtUtc == null)
            .Select(k => new { k.Id, k.Name, k.Scopes })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            LeadScoringDiagnostics.ApiKeyFailures.Add(1);
            return null;
        }
        Touch(found.Id);
        return new ApiKeyIdentity(found.Id, found.Name, ApiScopes.Parse(found.Scopes));
    }

    // Not awaited: a locked store would otherwise hold the request for the whole busy timeout.
    private void Touch(int id)
    {
        var now = time.GetUtcNow();
        if (_lastUsedWritten.TryGetValue(id, out var last) && now - last < s_lastUsedResolution)
        {
            return;
        }
        _lastUsedWritten[id] = now;
        _ = Task.Run(() => WriteLastUsedAsync(id, now.UtcDateTime));
    }

    private async Task WriteLastUsedAsync(int id, DateTime at)
    {
        try
        {
            await using var db = dbFactory.CreateDbContext();
            await db.ApiKeys.Where(k => k.Id == id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAtUtc, at));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogDebug("Could not record the use of API key {Id} ({Type})", id, ex.GetType().Name);
        }
    }
}
