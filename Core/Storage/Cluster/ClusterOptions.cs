namespace LeadScoring.Core.Storage.Cluster;

/// <summary>Several instances on one PostgreSQL store (section "Cluster"); SQLite is one process and ignores it.</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>The LISTEN/NOTIFY channel store changes travel on between instances.</summary>
    public string ChangeChannel { get; set; } = "leadscoring_store_changes";

    /// <summary>LISTEN for other instances' changes; false polls only (e.g. behind a transaction-pooling proxy, where LISTEN cannot work).</summary>
    public bool Listen { get; set; } = true;

    /// <summary>Seconds between store polls while LISTEN is unavailable (the fallback), and between reconnect attempts.</summary>
    public double PollSeconds { get; set; } = 1;

    /// <summary>Seconds between checks of the stored champion against the live one (fallback when a NOTIFY is missed).</summary>
    public double ChampionCheckSeconds { get; set; } = 2;

    /// <summary>Key of the PostgreSQL advisory lock whose holder runs the background jobs.</summary>
    public long LeaderLockKey { get; set; } = 0x4C53_4C44; // "LSLD"

    /// <summary>Seconds between a standby's attempts to take the lock, and between the leader's checks that it still holds it.</summary>
    public double LeaderCheckSeconds { get; set; } = 2;

    /// <summary>The configuration problem, naming the key; null when valid.</summary>
    public string? Problem() =>
        PollSeconds is <= 0 or > 3600 ? "Cluster:PollSeconds must be between 0 and 3600."
        : ChampionCheckSeconds is <= 0 or > 3600 ? "Cluster:ChampionCheckSeconds must be between 0 and 3600."
        : LeaderCheckSeconds is <= 0 or > 3600 ? "Cluster:LeaderCheckSeconds must be between 0 and 3600."
        : string.IsNullOrWhiteSpace(ChangeChannel) || ChangeChannel.Length > 63 || !ChangeChannel.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? "Cluster:ChangeChannel must be 1-63 letters, digits or underscores."
            : null;
}

/// <summary>
/// A connection of its own for a session that must live and die with this process (LISTEN, the leader's advisory
/// lock): not pooled, so closing it ends the session; keep-alive probes notice a dead server within seconds.
/// </summary>
internal static class DedicatedConnection
{
    public static Npgsql.NpgsqlConnection Create(string connectionString) =>
        new(new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 5 }.ConnectionString);
}
