using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LeadScoring.Core.Storage;

/// <summary>Free bytes where the store writes; null when unknown (PostgreSQL, an in-memory database). Tests fake it.</summary>
public interface IFreeSpaceSource
{
    long? AvailableBytes();
}

/// <summary>The free space of the disk holding the SQLite database file (DriveInfo on its folder); null for PostgreSQL.</summary>
public sealed class StoreDiskFreeSpace(StorageOptions storage) : IFreeSpaceSource
{
    public long? AvailableBytes()
    {
        if (storage.IsPostgres)
        {
            return null; // the server's disk is not ours to see; PostgreSQL refuses writes itself when full
        }
        try
        {
            var path = new SqliteConnectionStringBuilder(storage.ConnectionString).DataSource;
            var folder = string.IsNullOrEmpty(path) || path == ":memory:" ? null : Path.GetDirectoryName(Path.GetFullPath(path));
            return folder is null ? null : new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>
/// The free-space floor (<see cref="StorageOptions.MinFreeBytes"/>): below it, writes are refused with a message
/// naming the limit before SQLite runs out of disk mid-transaction; reads go on. Unknown free space never refuses.
/// </summary>
public sealed class StorageFloor(IFreeSpaceSource freeSpace, StorageOptions storage)
{
    public long MinFreeBytes => storage.MinFreeBytes;

    /// <summary>Why writes are refused now, naming the limit; null while there is room (or the check is off).</summary>
    public string? RefusalReason()
    {
        if (storage.MinFreeBytes <= 0 || freeSpace.AvailableBytes() is not { } free || free >= storage.MinFreeBytes)
        {
            return null;
        }
        return $"The store's disk has {Megabytes(free)} MB free, below Storage:MinFreeBytes ({Megabytes(storage.MinFreeBytes)} MB): "
            + "new data is refused until space is freed; reads still work.";
    }

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("0", CultureInfo.InvariantCulture);
}
