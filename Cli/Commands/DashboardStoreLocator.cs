using System.Text.Json;
using LeadScoring.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LeadScoring.Cli.Commands;

/// <summary>The store a server command works on, and where that choice came from (printed, so a wrong one shows).</summary>
public sealed record LocatedStore(StorageOptions Options, string Source);

/// <summary>
/// Finds the store the dashboard is configured with, as the dashboard itself reads it: the "Storage" section of
/// appsettings.json, then appsettings.{environment}.json, then the environment (Storage__Provider,
/// Storage__ConnectionString); a relative SQLite path is under the folder of appsettings.json (the content root).
/// Looked for in ./Dashboard (run from the repository root) and then in . (run from the app's folder).
/// </summary>
public static class DashboardStoreLocator
{
    /// <summary>The store named by <paramref name="store"/> (a connection string or a SQLite file), else the dashboard's.</summary>
    /// <exception cref="InvalidOperationException">No store given and no dashboard configuration found.</exception>
    public static LocatedStore Locate(string? store, string workingDirectory, Func<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(store))
        {
            return FromArgument(store.Trim(), workingDirectory);
        }
        var contentRoot = new[] { Path.Combine(workingDirectory, "Dashboard"), workingDirectory }
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "appsettings.json")))
            ?? throw new InvalidOperationException(
                $"No Dashboard/appsettings.json or appsettings.json under {workingDirectory}: run from the repository root or the app's folder, or pass --store.");
        var options = new StorageOptions();
        var sources = new List<string>();
        var name = environment("ASPNETCORE_ENVIRONMENT") ?? environment("DOTNET_ENVIRONMENT") ?? "Production";
        foreach (var file in new[] { "appsettings.json", $"appsettings.{name}.json" })
        {
            var path = Path.Combine(contentRoot, file);
            if (File.Exists(path) && ReadStorageSection(path, options))
            {
                sources.Add(path);
            }
        }
        if (environment("Storage__Provider") is { Length: > 0 } provider)
        {
            options.Provider = provider;
            sources.Add("Storage__Provider");
        }
        if (environment("Storage__ConnectionString") is { Length: > 0 } connection)
        {
            options.ConnectionString = connection;
            sources.Add("Storage__ConnectionString");
        }
        options.ConnectionString = StoragePaths.ResolveSqlitePath(options, contentRoot);
        return new LocatedStore(options, string.Join(" + ", sources.DefaultIfEmpty("defaults")));
    }

    /// <summary>
    /// <see cref="Locate"/> for a command that needs an existing store: on a problem the reason is written to
    /// <paramref name="error"/> and null is returned (the command exits 2).
    /// </summary>
    public static async Task<LocatedStore?> LocateExistingAsync(string? store, TextWriter error)
    {
        LocatedStore located;
        try
        {
            located = Locate(store, Environment.CurrentDirectory, Environment.GetEnvironmentVariable);
        }
        catch (InvalidOperationException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return null;
        }
        if (SqliteFile(located.Options) is { } file && !File.Exists(file))
        {
            await error.WriteLineAsync($"No store at {file} (from {located.Source}): start the dashboard once, or pass --store.");
            return null;
        }
        return located;
    }

    /// <summary>The SQLite file of <paramref name="options"/>, or null for PostgreSQL.</summary>
    public static string? SqliteFile(StorageOptions options) =>
        options.IsPostgres ? null : new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;

    private static LocatedStore FromArgument(string store, string workingDirectory)
    {
        if (!store.Contains('=', StringComparison.Ordinal))
        {
            store = "Data Source=" + store; // a bare file path
        }
        var postgres = store.Contains("Host=", StringComparison.OrdinalIgnoreCase) || store.Contains("Server=", StringComparison.OrdinalIgnoreCase);
        var options = new StorageOptions { Provider = postgres ? "Postgres" : "Sqlite", ConnectionString = store };
        options.ConnectionString = StoragePaths.ResolveSqlitePath(options, workingDirectory);
        return new LocatedStore(options, "--store");
    }

    private static bool ReadStorageSection(string path, StorageOptions options)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var storage = document.RootElement.EnumerateObject().FirstOrDefault(p => p.NameEquals(StorageOptions.SectionName) || p.Name.Equals(StorageOptions.SectionName, StringComparison.OrdinalIgnoreCase));
        if (storage.Value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        foreach (var setting in storage.Value.EnumerateObject())
        {
            if (setting.Value.ValueKind != JsonValueKind.String)
            {
                continue;
            }
            if (setting.Name.Equals(nameof(StorageOptions.Provider), StringComparison.OrdinalIgnoreCase))
            {
                options.Provider = setting.Value.GetString()!;
            }
            else if (setting.Name.Equals(nameof(StorageOptions.ConnectionString), StringComparison.OrdinalIgnoreCase))
            {
                options.ConnectionString = setting.Value.GetString()!;
            }
        }
        return true;
    }
}
