using Microsoft.Data.Sqlite;

namespace LeadScoring.Core.Storage;

/// <summary>Why a store write failed, as far as the caller needs to know.</summary>
public enum StoreFailure
{
    /// <summary>Not a store failure.</summary>
    None,

    /// <summary>Another connection holds the write lock (SQLITE_BUSY / SQLITE_LOCKED): retry later.</summary>
    Busy,

    /// <summary>The disk or the database's page limit is full (SQLITE_FULL).</summary>
    Full,

    /// <summary>The database or its folder is read-only (SQLITE_READONLY).</summary>
    ReadOnly,

    /// <summary>Any other I/O or database error.</summary>
    Other,
}

/// <summary>Plain-language messages for store failures (never exception text, paths or SQL).</summary>
public static class StoreErrors
{
    public const string BusyMessage = "The database is busy (another process holds a write lock); nothing was stored. Try again shortly.";
    public const string FullMessage = "Storage is full; nothing of this batch was stored. Free disk space and try again.";

    public static string Describe(Exception ex) => Classify(ex) switch
    {
        StoreFailure.Busy => BusyMessage,
        StoreFailure.Full => FullMessage,
        StoreFailure.ReadOnly => "The database is read-only; nothing was stored.",
        _ when Root(ex) is IOException => "Storage could not be written; nothing was stored.",
        _ => "Processing failed because of an internal error; nothing was stored. The error was logged.",
    };

    /// <summary>True for "busy/locked" store errors, which deserve a 503 with Retry-After.</summary>
    public static bool IsBusy(Exception ex) => Classify(ex) == StoreFailure.Busy;

    /// <summary>The kind of store failure behind <paramref name="ex"/> (searching inner exceptions), or None.</summary>
    public static StoreFailure Classify(Exception ex) => Root(ex) switch
    {
        SqliteException { SqliteErrorCode: 5 or 6 } => StoreFailure.Busy,
        SqliteException { SqliteErrorCode: 13 } => StoreFailure.Full,
        SqliteException { SqliteErrorCode: 8 } => StoreFailure.ReadOnly,
        // ENOSPC surfaces as an IOException with HResult 28 on Linux when a temp or WAL file cannot grow.
        IOException { HResult: 28 or unchecked((int)0x80070070) } => StoreFailure.Full,
        SqliteException or IOException => StoreFailure.Other,
        _ => StoreFailure.None,
    };

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
