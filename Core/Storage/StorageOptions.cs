namespace LeadScoring.Core.Storage;

/// <summary>Where predictions, batches and model versions are stored.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>"Sqlite" (embedded default) or "Postgres".</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>ADO.NET connection string for the chosen provider; a relative SQLite path is resolved by the host.</summary>
    public string ConnectionString { get; set; } = "Data Source=App_Data/leadscoring.db";

    /// <summary>
    /// Free bytes the SQLite database's disk must keep: below it, writes (predictions, uploads, outcomes) are refused
    /// with 507 and /health says why. 0 turns the check off; PostgreSQL skips it (its disk is the server's).
    /// </summary>
    public long MinFreeBytes { get; set; } = 1L << 30;

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Provider, "PostgreSQL", StringComparison.OrdinalIgnoreCase);
}
