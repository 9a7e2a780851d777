using Microsoft.Data.Sqlite;

namespace LeadScoring.Core.Storage;

/// <summary>
/// Makes a relative SQLite file path absolute under the content root and creates its folder, and bounds how long a
/// command waits for another process's write lock (Microsoft.Data.Sqlite retries SQLITE_BUSY for "Default Timeout",
/// 30 s by default; request paths must fail fast with 503 instead).
/// </summary>
public static class StoragePaths
{
    /// <summary>Seconds a SQLite command waits for a lock unless the connection string sets "Default Timeout".</summary>
    public const int DefaultBusyTimeoutSeconds = 5;

    public static string ResolveSqlitePath(StorageOptions options, string contentRoot)
    {
        if (options.IsPostgres)
        {
            return options.ConnectionString;
        }
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        if (builder.DataSource is not (":memory:" or "") && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(builder.DataSource, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
        if (!given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal) is { } key
                && (key.Equals("DefaultTimeout", StringComparison.OrdinalIgnoreCase) || key.Equals("CommandTimeout", StringComparison.OrdinalIgnoreCase))))
        {
            builder.DefaultTimeout = DefaultBusyTimeoutSeconds;
        }
        return builder.ToString();
    }
}
