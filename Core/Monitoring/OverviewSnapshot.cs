using LeadScoring.Engine.Drift;
using LeadScoring.Core.Models;

namespace LeadScoring.Core.Monitoring;

/// <summary>The latest probe of one target (the local API or a configured remote URL).</summary>
public sealed record ProbeStatus(string Target, bool Healthy, string Status, DateTimeOffset At, double DurationMs, string? Detail,
    UptimeSummary Uptime24h, UptimeSummary Uptime7d);

/// <summary>The latest drift verdict of a completed batch.</summary>
public sealed record LatestDrift(long BatchId, string FileName, DateTime CompletedAtUtc, DriftAlertLevel Level, double Share, int Drifted, int Tested);

/// <summary>Everything the Overview page shows, read in one go.</summary>
public sealed record OverviewSnapshot(
    IReadOnlyList<ProbeStatus> Probes, RequestSummary LastHour, RequestSummary Last15Minutes, ModelVersionInfo? Champion,
    DateTimeOffset? LastPrediction, long PredictionsLast24h, LatestDrift? Drift);
