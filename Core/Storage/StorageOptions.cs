namespace LeadScoring.Core.Storage;

/// <summary>Where predictions, batches and model versions are stored.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>"Sqlite" (embedded default) or "Postgres".</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>ADO.NET connection string for the chosen provider; a relative SQLite path is resolved by the host.</summary>
    public string ConnectionString { get; set; } = "Data Source=App_Data/leadscoring.db";

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Provider, "PostgreSQL", StringComparison.OrdinalIgnoreCase);
}
