namespace LeadScoring.Core.Storage;

/// <summary>Where predictions, batches and model versions are stored.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>"Sqlite" (embedded default) or "Postgres".</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>ADO.NET connection string for the chosen provider.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/leadscoring.db";
}
