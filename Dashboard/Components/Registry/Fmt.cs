using System.Globalization;
using LeadScoring.Core.Storage.Entities;
using MudBlazor;

namespace LeadScoring.Dashboard.Components.Registry;

/// <summary>Culture-invariant number formats and status colours shared by the registry components.</summary>
internal static class Fmt
{
    public static string Metric(double? value) =>
        value is { } v && !double.IsNaN(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "–";

    public static string Count(int? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? "–";

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    public static string Delta(double? candidate, double? champion) =>
        candidate is { } a && champion is { } b && !double.IsNaN(a) && !double.IsNaN(b)
            ? (a - b).ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture)
            : "";

    public static Color StatusColor(ModelStatus status) => status switch
    {
        ModelStatus.Champion => Color.Success,
        ModelStatus.Candidate => Color.Info,
        _ => Color.Default,
    };

    public static string Status(ModelStatus status) => status.ToString().ToLowerInvariant();
}
