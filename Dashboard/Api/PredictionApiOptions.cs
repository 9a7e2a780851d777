namespace LeadScoring.Dashboard.Api;

/// <summary>The prediction API's access (section "Prediction").</summary>
public sealed class PredictionApiOptions
{
    public const string SectionName = "Prediction";

    /// <summary>
    /// When true, /predict and /predict/batch need an X-API-Key (or a signed-in user), like /api/batches. Off by default
    /// so the original service's anonymous contract keeps working.
    /// </summary>
    public bool RequireApiKey { get; set; }
}
