using LeadScoring.Core.Models;
using LeadScoring.Core.Predictions;
using LeadScoring.Engine.Domain;

namespace LeadScoring.Dashboard.Model;

/// <summary>The time windows a page offers; the URL carries <see cref="WindowChoices.Token"/>.</summary>
public enum WindowChoice
{
    LastHour,
    LastDay,
    LastWeek,
    LastMonth,
    All,
}

public static class WindowChoices
{
    public static IReadOnlyList<WindowChoice> All { get; } = Enum.GetValues<WindowChoice>();

    public static string Token(WindowChoice choice) => choice switch
    {
        WindowChoice.LastHour => "1h",
        WindowChoice.LastDay => "24h",
        WindowChoice.LastWeek => "7d",
        WindowChoice.LastMonth => "30d",
        _ => "all",
    };

    public static string Label(WindowChoice choice) => choice switch
    {
        WindowChoice.LastHour => "Last hour",
        WindowChoice.LastDay => "Last 24 hours",
        WindowChoice.LastWeek => "Last 7 days",
        WindowChoice.LastMonth => "Last 30 days",
        _ => "All time",
    };

    /// <summary>The choice a URL token names; <paramref name="fallback"/> for a missing or unknown token.</summary>
    public static WindowChoice Parse(string? token, WindowChoice fallback = WindowChoice.LastDay) =>
        All.Cast<WindowChoice?>().FirstOrDefault(c => string.Equals(Token(c!.Value), token, StringComparison.OrdinalIgnoreCase)) ?? fallback;

    /// <summary>The stored-time range of a choice, ending now.</summary>
    public static TimeWindow ToWindow(WindowChoice choice, TimeProvider time) => choice switch
    {
        WindowChoice.LastHour => TimeWindow.Last(TimeSpan.FromHours(1), time),
        WindowChoice.LastDay => TimeWindow.Last(TimeSpan.FromDays(1), time),
        WindowChoice.LastWeek => TimeWindow.Last(TimeSpan.FromDays(7), time),
        WindowChoice.LastMonth => TimeWindow.Last(TimeSpan.FromDays(30), time),
        _ => TimeWindow.All,
    };
}
