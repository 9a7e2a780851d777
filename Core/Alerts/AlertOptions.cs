namespace LeadScoring.Core.Alerts;

/// <summary>Alert evaluation settings (configuration section <c>Alerts</c>).</summary>
public sealed class AlertOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Alerts";

    /// <summary>Run the background evaluation (the CLI's <c>alerts evaluate</c> works either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds between evaluations of the cheap signals (requests, queue, disk, store, auth failures).</summary>
    public int EvaluationSeconds { get; set; } = 60;

    /// <summary>
    /// Least minutes between measurements of the expensive signals (window drift over up to
    /// <c>DriftService:MaxWindowRows</c> stored rows, performance): their rules are evaluated only this often.
    /// </summary>
    public int DriftEvaluationMinutes { get; set; } = 60;

    /// <summary>Most rules an imported rule set may hold.</summary>
    public int MaxRules { get; set; } = Engine.Alerts.AlertRulesJson.DefaultMaxRules;

    /// <summary>Most /predict requests read to measure error rate and p99 latency over a window (the newest).</summary>
    public int MaxRequestRows { get; set; } = 200_000;

    /// <summary>Most alerts <c>GET /api/alerts</c> returns (the newest).</summary>
    public int MaxListed { get; set; } = 500;

    /// <summary>Longest silence, in days, so a forgotten silence ends by itself.</summary>
    public int MaxSilenceDays { get; set; } = 30;

    /// <summary>Alerts per page of the history on the Alerts page.</summary>
    public int HistoryPageSize { get; set; } = 50;

    /// <summary>Hours a drift-that-matters or F1 rule must fire without a break before a retrain is recommended.</summary>
    public int RetrainRecommendAfterHours { get; set; } = 24;

    /// <summary>Days of recent labelled data the recommended retrain uses (clipped to where labels exist).</summary>
    public int RetrainWindowDays { get; set; } = 30;
}
