using System.Globalization;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;

namespace LeadScoring.Dashboard.Model;

/// <summary>
/// The prediction table's filter as the URL (and the export link) carries it. Shared by the page and the export
/// endpoint so both read the same query the same way.
/// </summary>
public sealed record PredictionFilterState(string? Window, int? Model, long? Batch, double? Min, double? Max)
{
    /// <summary>A batch alone means "all of that batch"; otherwise the last 24 hours.</summary>
    public WindowToken SelectedWindow => WindowToken.Parse(Window, Batch is null ? WindowToken.LastDay : WindowToken.All);

    public PredictionSearch ToSearch(TimeProvider time) =>
        new(SelectedWindow.ToWindow(time), Model, Batch, Min, Max);

    /// <summary>Query string of the set values, e.g. "window=24h&amp;min=0.5".</summary>
    public string ToQueryString()
    {
        List<string> parts = [$"window={SelectedWindow.Token}"];
        if (Model is { } m)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"model={m}"));
        }
        if (Batch is { } b)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"batch={b}"));
        }
        if (Min is { } min)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"min={min:R}"));
        }
        if (Max is { } max)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"max={max:R}"));
        }
        return string.Join('&', parts);
    }

    /// <summary>Problems with the values, keyed by query parameter; empty when valid.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Window is not null && WindowToken.Parse(Window) is null)
        {
            errors["window"] = [$"Unknown window '{Window}'; use one of {string.Join(", ", WindowToken.Standard.Select(w => w.Token))}, or e.g. 15m, 2h, 14d."];
        }
        if (Min is { } min && (double.IsNaN(min) || min < 0 || min > 1))
        {
            errors["min"] = ["min must be a score between 0 and 1."];
        }
        if (Max is { } max && (double.IsNaN(max) || max < 0 || max > 1))
        {
            errors["max"] = ["max must be a score between 0 and 1."];
        }
        if (Min is { } lo && Max is { } hi && lo > hi)
        {
            errors["min"] = ["min must not exceed max."];
        }
        return errors;
    }
}
