namespace LeadScoring.Core.Storage.Entities;

/// <summary>An API key for automation (X-API-Key). Only a hash is stored; the key is shown once when created.</summary>
public sealed class ApiKeyRecord
{
    public int Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The first characters of the key, to recognise it in lists.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>SHA-256 of the key, hex. Keys are long random strings, so a fast hash is enough.</summary>
    public string Hash { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
    public DateTime? LastUsedAtUtc { get; set; }

    /// <summary>
    /// What the key may do: scope names separated by commas (e.g. "ingest,read"), as the Dashboard defines them.
    /// Rows from before scopes were migrated to every scope, since such a key could do everything.
    /// </summary>
    public string Scopes { get; set; } = "";
}
