using System.Globalization;

namespace LeadScoring.Engine.Reporting;

/// <summary>
/// The one way numbers, shares and times are written for people — pages, HTML/Markdown reports and the command line
/// — so a figure reads the same everywhere. Culture-invariant; "–" stands for a value that does not exist.
/// </summary>
public static class Format
{
    /// <summary>What a missing or undefined value shows as.</summary>
    public const string Missing = "–";

    /// <summary>
    /// A statistic, p-value or distance: up to 4 decimals ("0.1234"), tiny non-zero values with 3 significant digits
    /// ("5.40e-4", so a small p-value never reads as 0), "∞" / "−∞" for infinities.
    /// </summary>
    public static string Number(double? value) => value switch
    {
        null => Missing,
        double d when double.IsNaN(d) => Missing,
        double.PositiveInfinity => "∞",
        double.NegativeInfinity => "−∞",
        double d when d != 0 && Math.Abs(d) < 1e-3 => d.ToString("0.00e+0", CultureInfo.InvariantCulture),
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
    };

    /// <summary>An expected count or rate of things (conversions a day, leads a day): one decimal, thousands separated.</summary>
    public static string Quantity(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("N1", CultureInfo.InvariantCulture) : Missing;

    /// <summary>A model metric (ROC AUC, F1, …) with 3 decimals.</summary>
    public static string Metric(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : Missing;

    /// <summary>The signed difference of two metrics ("+0.012"), empty when either is missing.</summary>
    public static string Delta(double? value, double? baseline) =>
        value is { } a && baseline is { } b && double.IsFinite(a) && double.IsFinite(b)
            ? (a - b).ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture)
            : "";

    /// <summary>A score in [0, 1] with 4 decimals, as the prediction API rounds it.</summary>
    public static string Score(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : Missing;

    /// <summary>A count with thousands separators ("12,345").</summary>
    public static string Count(long? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? Missing;

    /// <summary>A share of one as a percentage with up to <paramref name="decimals"/> decimals ("12.5%").</summary>
    public static string Percent(double? fraction, int decimals = 1) =>
        fraction is { } f && double.IsFinite(f)
            ? f.ToString(decimals <= 0 ? "0%" : "0." + new string('#', decimals) + "%", CultureInfo.InvariantCulture)
            : Missing;

    /// <summary>Milliseconds with significant digits for small values ("0.042 ms", "12.3 ms", "1,204 ms").</summary>
    public static string Milliseconds(double? ms) => ms switch
    {
        null => Missing,
        double d when !double.IsFinite(d) => Missing,
        double d when Math.Abs(d) < 1 => d.ToString("0.###", CultureInfo.InvariantCulture) + " ms",
        double d when Math.Abs(d) < 100 => d.ToString("0.#", CultureInfo.InvariantCulture) + " ms",
        double d => d.ToString("N0", CultureInfo.InvariantCulture) + " ms",
    };

    /// <summary>A size in MiB with one decimal ("12.3 MB").</summary>
    public static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("N1", CultureInfo.InvariantCulture) + " MB";

    /// <summary>A UTC time to the minute ("2026-12-04 09:30 UTC").</summary>
    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A point in time to the minute, in UTC.</summary>
    public static string Time(DateTimeOffset time) => Time(time.UtcDateTime);

    /// <summary>A UTC time to the second ("2026-12-04 09:30:05 UTC").</summary>
    public static string TimeSeconds(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A short duration ("850 ms", "3.2 s", "4 min 10 s").</summary>
    public static string Duration(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms",
        < 60 => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min {span.Seconds} s"),
    };
}
