using System.Globalization;

namespace LeadScoring.Engine.Domain;

/// <summary>
/// A window ending now, as URLs, the API and alert rules name it: "1h", "24h", "7d", "30d", "all" — or any whole
/// number of minutes, hours or days ("15m", "2h", "14d"). The one place window names are parsed and labelled.
/// </summary>
public sealed record WindowToken
{
    private WindowToken(string token, TimeSpan? length, string label)
    {
        Token = token;
        Length = length;
        Label = label;
    }

    /// <summary>The last hour.</summary>
    public static WindowToken LastHour { get; } = new("1h", TimeSpan.FromHours(1), "Last hour");

    /// <summary>The last 24 hours.</summary>
    public static WindowToken LastDay { get; } = new("24h", TimeSpan.FromDays(1), "Last 24 hours");

    /// <summary>The last 7 days.</summary>
    public static WindowToken LastWeek { get; } = new("7d", TimeSpan.FromDays(7), "Last 7 days");

    /// <summary>The last 30 days.</summary>
    public static WindowToken LastMonth { get; } = new("30d", TimeSpan.FromDays(30), "Last 30 days");

    /// <summary>Everything stored.</summary>
    public static WindowToken All { get; } = new("all", null, "All time");

    /// <summary>The windows the pages offer, shortest first.</summary>
    public static IReadOnlyList<WindowToken> Standard { get; } = [LastHour, LastDay, LastWeek, LastMonth, All];

    /// <summary>As written in a URL: "24h".</summary>
    public string Token { get; }

    /// <summary>How far back it reaches; null for <see cref="All"/>.</summary>
    public TimeSpan? Length { get; }

    /// <summary>For people: "Last 24 hours".</summary>
    public string Label { get; }

    /// <summary>The window a token names (any case), or null when it names none.</summary>
    public static WindowToken? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var token = text.Trim().ToLowerInvariant();
        if (Standard.FirstOrDefault(w => w.Token == token) is { } standard)
        {
            return standard;
        }
        if (token.Length < 2 || !int.TryParse(token.AsSpan(0, token.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return null;
        }
        return token[^1] switch
        {
            'm' when n <= 60 * 24 * 400 => new(token, TimeSpan.FromMinutes(n), n == 1 ? "Last minute" : $"Last {n} minutes"),
            'h' when n <= 24 * 400 => new(token, TimeSpan.FromHours(n), $"Last {n} hours"),
            'd' when n <= 400 * 10 => new(token, TimeSpan.FromDays(n), $"Last {n} days"),
            _ => null,
        };
    }

    /// <summary>The window a token names, or <paramref name="fallback"/> for a missing or unknown one.</summary>
    public static WindowToken Parse(string? text, WindowToken fallback) => Parse(text) ?? fallback;

    /// <summary>The stored-time range it stands for, ending now.</summary>
    public TimeWindow ToWindow(TimeProvider time) => Length is { } length ? TimeWindow.Last(length, time) : TimeWindow.All;

    /// <summary>The token.</summary>
    public override string ToString() => Token;
}
