namespace LeadScoring.Core.Performance;

/// <summary>Settings of the Performance page and API (section "Performance").</summary>
public sealed class PerformanceOptions
{
    public const string SectionName = "Performance";

    /// <summary>A bucket with fewer labelled leads shows "too few labels" instead of a number.</summary>
    public int MinLabelled { get; set; } = 100;

    /// <summary>Leads the sales team can call per day: the default k of precision@k and the capacity planner's input.</summary>
    public int DailyCapacity { get; set; } = 50;

    /// <summary>Bootstrap resamples behind every realized interval.</summary>
    public int Resamples { get; set; } = 1000;

    /// <summary>Seed of the bootstrap, so the same data always gives the same intervals.</summary>
    public ulong Seed { get; set; } = 20260501;

    /// <summary>Most predictions one request analyses (the newest are kept); going over it is reported on the page.</summary>
    public int MaxRows { get; set; } = 2_000_000;
}
