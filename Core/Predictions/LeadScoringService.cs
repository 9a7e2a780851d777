using LeadScoring.Core.Diagnostics;
using System.Diagnostics;
using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Features;
using LeadScoring.Engine.Scoring;
using LeadScoring.Core.Shadow;
using LeadScoring.Core.Storage;
using LeadScoring.Core.Storage.Entities;

namespace LeadScoring.Core.Predictions;

/// <summary>One lead's result under the serving rules of the original API.</summary>
/// <param name="Score">Unrounded P(engaged).</param>
/// <param name="Engaged">Score at or above the version's threshold.</param>
/// <param name="Confidence">Score band (high ≥ 0.7, medium ≥ 0.4, low).</param>
public readonly record struct LeadScore(double Score, bool Engaged, ConfidenceBand Confidence);

/// <summary>Scores for a group of leads, the model that produced them and its time.</summary>
public sealed record ScoredLeads(string ModelVersion, int ModelRegistryId, IReadOnlyList<LeadScore> Scores, double[] Features, double InferenceMs)
{
    /// <summary>The client's key of each lead (lead_id), where it sent one.</summary>
    public IReadOnlyList<string?> LeadIds { get; init; } = [];

    /// <summary>The leads as scored (handed to a shadow challenger, which applies its own feature pipeline).</summary>
    public IReadOnlyList<RawLead> Leads { get; init; } = [];
}

/// <summary>
/// The prediction path shared by the HTTP API and uploads: raw leads → the champion's feature pipeline → ONNX
/// Runtime → serving rules. Recording is separate (<see cref="Record"/>) so callers decide what gets stored.
/// </summary>
public sealed class LeadScoringService(ChampionHolder champion, TelemetryQueue telemetry, TimeProvider time, ShadowQueue? shadow = null)
{
    /// <summary>True when a champion model is loaded.</summary>
    public bool ModelLoaded => champion.Current is not null;

    /// <summary>The champion's version name, or null.</summary>
    public string? ModelVersion => champion.Current?.VersionId;

    /// <summary>
    /// Scores raw leads with the champion; null when no model is loaded. <paramref name="source"/> (api, batch) labels
    /// the predictions counter and the span.
    /// </summary>
    public ScoredLeads? Score(IReadOnlyList<RawLead> leads, string source = "api")
    {
        if (!champion.TryAcquire(out var lease))
        {
            return null;
        }
        using (lease)
        {
            var model = lease.Model;
            using var activity = LeadScoringDiagnostics.Source.StartActivity("leadscoring.score");
            activity?.SetTag("leadscoring.source", source).SetTag("leadscoring.rows", leads.Count).SetTag("leadscoring.model.version", model.VersionId);
            var pipeline = model.Pipeline ?? throw new InvalidOperationException($"Model {model.VersionId} has no feature pipeline state.");
            var started = Stopwatch.GetTimestamp();
            var features = new double[leads.Count * FeatureSchema.Count];
            pipeline.TransformBatch(leads, features);
            var probabilities = new double[leads.Count];
            if (leads.Count == 1)
            {
                probabilities[0] = model.Scorer.ScoreOne(features); // pooled single-row path: ~10 µs
            }
            else
            {
                model.Scorer.Score(features, probabilities);
            }
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LeadScoringDiagnostics.RecordScoring(source, leads.Count, elapsed);
            var scores = new LeadScore[leads.Count];
            for (var i = 0; i < scores.Length; i++)
            {
                var p = probabilities[i];
                scores[i] = new LeadScore(p, model.IsEngaged(p), ScoreRules.Confidence(p));
            }
            return new ScoredLeads(model.VersionId, model.RegistryId, scores, features, elapsed)
            {
                LeadIds = leads.Any(l => l.LeadId is not null) ? [.. leads.Select(l => l.LeadId)] : [],
                Leads = leads,
            };
        }
    }

    /// <summary>
    /// Queues the predictions of one request for the background writer (one transaction per request's group).
    /// Per-row times are the group's times divided by its size. <paramref name="requestId"/> is the X-Request-ID the
    /// request carried (stored with each prediction). While a challenger is live, API rows get a shadow key each and,
    /// once queued for the store, are offered to the shadow queue (dropped and counted when it is full).
    /// </summary>
    public bool Record(ScoredLeads scored, double endToEndMs, PredictionSource source = PredictionSource.Api, string? requestId = null)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var n = scored.Scores.Count;
        var rows = new PredictionRecord[n];
        var shadowKeys = source == PredictionSource.Api && shadow is { IsActive: true } && scored.Leads.Count == n ? new Guid[n] : null;
        for (var i = 0; i < n; i++)
        {
            rows[i] = new PredictionRecord
            {
                TimestampMs = now,
                ModelVersionId = scored.ModelRegistryId,
                Score = scored.Scores[i].Score,
                PredictedEngaged = scored.Scores[i].Engaged,
                InferenceMs = scored.InferenceMs / n,
                EndToEndMs = endToEndMs / n,
                Features = FeatureBlob.Pack(scored.Features.AsSpan(i * FeatureSchema.Count, FeatureSchema.Count)),
                Source = source,
                LeadId = scored.LeadIds.Count > 0 ? scored.LeadIds[i] : null,
                RequestId = requestId,
                ShadowKey = shadowKeys is null ? null : shadowKeys[i] = Guid.CreateVersion7(),
            };
        }
        if (!telemetry.TryEnqueue(rows, request: null))
        {
            return false;
        }
        if (shadowKeys is not null)
        {
            shadow!.TryOffer(new ShadowItem(scored.Leads, shadowKeys, now));
        }
        return true;
    }
}
