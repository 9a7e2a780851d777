using System.Text.Json.Serialization;

namespace LeadScoring.Dashboard.Api.Contracts;

// The original FastAPI service's response shapes, field for field, so existing clients keep working.

/// <summary>One lead's prediction (original: LeadPrediction).</summary>
public sealed record LeadPredictionResponse(
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("confidence")] string Confidence,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("inference_time_ms")] double InferenceTimeMs);

/// <summary>A batch's predictions (original: BatchPredictionResponse).</summary>
public sealed record BatchPredictionResponse(
    [property: JsonPropertyName("predictions")] IReadOnlyList<LeadPredictionResponse> Predictions,
    [property: JsonPropertyName("total_count")] int TotalCount,
    [property: JsonPropertyName("avg_score")] double AvgScore,
    [property: JsonPropertyName("high_engagement_count")] int HighEngagementCount);

/// <summary>Every error body: a stable code, a human message, and details (field errors) or null.</summary>
public sealed record ErrorResponse(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("detail")] object? Detail = null);

/// <summary>/health: the original's four fields plus what ops needs to tell "up" from "able to serve".</summary>
public sealed record HealthResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("model_loaded")] bool ModelLoaded,
    [property: JsonPropertyName("model_version")] string? ModelVersion,
    [property: JsonPropertyName("checks")] IReadOnlyDictionary<string, HealthCheckEntry> Checks);

/// <summary>One health check's outcome.</summary>
public sealed record HealthCheckEntry(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("description")] string? Description);
