using LeadScoring.Engine.Domain;

namespace LeadScoring.Core.Predictions;

/// <summary>Which stored predictions a view looks at: a time window, optionally one model version or one batch.</summary>
public sealed record PredictionFilter(TimeWindow Window, int? ModelVersionId = null, long? BatchId = null);
