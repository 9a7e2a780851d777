using System.Text.Json;
using System.Text.Json.Serialization;
using LeadScoring.Engine.Performance.Cbpe;

using LeadScoring.Core.Models;

namespace LeadScoring.Core.Performance;

/// <summary>
/// What a version's performance is compared with: its labelled holdout and the CBPE state fitted on it (calibration
/// choice, sampling-error components, alert thresholds). The registry stores the holdout alone
/// (<see cref="LabelledScores.ToJson"/>, the same JSON without the CBPE members); the first performance request fits
/// CBPE and stores the state with the version, so every later page and API answer uses the same choice.
/// </summary>
/// <param name="Scores">Holdout scores.</param>
/// <param name="Labels">Holdout outcomes (1 engaged, 0 not).</param>
/// <param name="CbpeStateJson">The fitted CBPE state (<see cref="CbpeStateJson"/>), or null when it could not be fitted.</param>
/// <param name="CbpeUnavailable">Why there is no CBPE state (e.g. one class only), or null.</param>
public sealed record PerformanceReference(double[] Scores, int[] Labels, string? CbpeStateJson, string? CbpeUnavailable)
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    /// <summary>Fits CBPE on a labelled holdout at the version's threshold; a holdout CBPE cannot use keeps its reason.</summary>
    public static PerformanceReference Fit(LabelledScores holdout, double threshold)
    {
        ArgumentNullException.ThrowIfNull(holdout);
        var positives = holdout.Labels.Count(l => l == 1);
        if (holdout.Scores.Length < 20 || positives == 0 || positives == holdout.Labels.Length)
        {
            return new(holdout.Scores, holdout.Labels, null, "the holdout needs at least 20 rows with both outcomes");
        }
        var state = CbpeEstimator.Fit(holdout.Scores, holdout.Labels, threshold);
        return new(holdout.Scores, holdout.Labels, Engine.Performance.Cbpe.CbpeStateJson.Serialize(state), null);
    }

    /// <summary>True for a holdout stored by the registry whose CBPE state is not fitted yet.</summary>
    public bool NeedsFit => CbpeStateJson is null && CbpeUnavailable is null;

    /// <summary>The CBPE state, or null when none was fitted.</summary>
    public CbpeState? Cbpe() => CbpeStateJson is null ? null : Engine.Performance.Cbpe.CbpeStateJson.Deserialize(CbpeStateJson);

    /// <summary>The stored form.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Back from the stored form.</summary>
    public static PerformanceReference FromJson(string json) =>
        JsonSerializer.Deserialize<PerformanceReference>(json, s_json) ?? throw new JsonException("No performance reference.");
}
