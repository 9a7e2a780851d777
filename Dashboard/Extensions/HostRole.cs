namespace LeadScoring.Dashboard.Extensions;

/// <summary>
/// What one process of a deployment does (configuration key <c>Role</c>). Several instances share one PostgreSQL
/// store: <c>api</c> instances score, the <c>dashboard</c> instance serves people and runs the background jobs.
/// </summary>
public enum HostRole
{
    /// <summary>Everything (one process; the default).</summary>
    All,

    /// <summary>/predict, /predict/batch, /health and /metrics only: no pages, no admin endpoints, no background jobs
    /// except the telemetry writer, the shadow worker and the champion check that scoring needs.</summary>
    Api,

    /// <summary>Pages, the HTTP API and the background jobs (which run on the leading instance only).</summary>
    Dashboard,
}

public static class HostRoles
{
    public const string Key = "Role";

    /// <summary>Reads <c>Role</c>; an unknown value stops the start-up naming the key and the allowed values.</summary>
    public static HostRole Read(IConfiguration configuration)
    {
        var text = configuration[Key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return HostRole.All;
        }
        return Enum.TryParse<HostRole>(text.Trim(), ignoreCase: true, out var role) && Enum.IsDefined(role)
            ? role
            : throw new InvalidOperationException($"Role must be all, api or dashboard (was '{text}').");
    }
}

/// <summary>The role this process was started with (for the endpoint mapping and /health).</summary>
public sealed record HostRoleInfo(HostRole Role);
