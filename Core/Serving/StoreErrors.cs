using Microsoft.Data.Sqlite;

namespace LeadScoring.Core.Serving;

/// <summary>Plain-language messages for store failures (never exception text, paths or SQL).</summary>
public static class StoreErrors
{
    public static string Describe(Exception ex) => Root(ex) switch
    {
        SqliteException { SqliteErrorCode: 5 or 6 } => "The database is busy (another process holds a write lock); nothing was stored. Try again shortly.",
        SqliteException { SqliteErrorCode: 13 } => "Storage is full; nothing of this batch was stored. Free disk space and try again.",
        SqliteException { SqliteErrorCode: 8 } => "The database is read-only; nothing was stored.",
        IOException => "Storage could not be written; nothing was stored.",
        _ => "Processing failed because of an internal error; nothing was stored. The error was logged.",
    };

    /// <summary>True for "busy/locked" store errors, which deserve a 503 with Retry-After.</summary>
    public static bool IsBusy(Exception ex) => Root(ex) is SqliteException { SqliteErrorCode: 5 or 6 };

    private static Exception Root(Exception ex)
    {
        var current = ex;
        while (current.InnerException is not null && current is not SqliteException)
        {
            current = current.InnerException;
        }
        return current;
    }
}
