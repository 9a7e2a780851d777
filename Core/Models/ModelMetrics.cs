using System.Text.Json;
using LeadScoring.Engine.Training;

namespace LeadScoring.Core.Models;

/// <summary>
/// The evaluations stored in a version's MetricsJson (<c>{ validation, holdout, championOnHoldout? }</c>, written by
/// <see cref="ModelVersionBuilder"/>, <see cref="RetrainService"/> and <see cref="ExternalModelImport"/>).
/// </summary>
/// <param name="Validation">On the trainer's validation split (where the threshold was chosen); null for imports.</param>
/// <param name="Holdout">On the holdout never used in training.</param>
/// <param name="ChampionOnHoldout">The champion at retrain time on the same holdout rows.</param>
/// <param name="ChampionLabel">Which version that champion was.</param>
public sealed record ModelMetrics(BinaryEvaluation? Validation, BinaryEvaluation? Holdout, BinaryEvaluation? ChampionOnHoldout, string? ChampionLabel)
{
    public static ModelMetrics Empty { get; } = new(null, null, null, null);

    /// <summary>Reads the stored JSON; empty for null or unreadable JSON (a display concern, not a failure).</summary>
    public static ModelMetrics Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Empty;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            BinaryEvaluation? Read(JsonElement parent, string name) =>
                parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Object
                    ? e.Deserialize<BinaryEvaluation>(ModelVersionBuilder.s_json)
                    : null;
            BinaryEvaluation? champion = null;
            string? label = null;
            if (root.TryGetProperty("championOnHoldout", out var c) && c.ValueKind == JsonValueKind.Object)
            {
                champion = Read(c, "evaluation");
                label = c.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            }
            return new ModelMetrics(Read(root, "validation"), Read(root, "holdout"), champion, label);
        }
        catch (JsonException)
        {
            return Empty;
        }
    }
}
