using LeadScoring.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LeadScoring.Dashboard.Services;

/// <summary>Makes a relative SQLite file path absolute under the content root and creates its folder.</summary>
public static class StoragePaths
{
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
        return builder.ToString();
    }
}
