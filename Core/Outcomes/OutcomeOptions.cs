namespace LeadScoring.Core.Outcomes;

/// <summary>How outcomes are taken and when a missing one counts (configuration section "Outcomes").</summary>
public sealed class OutcomeOptions
{
    public const string SectionName = "Outcomes";

    /// <summary>Most outcomes one call may carry; more is refused, naming this limit.</summary>
    public int MaxPerCall { get; set; } = 100_000;

    /// <summary>
    /// Days after which a prediction without an outcome is "no outcome" rather than "pending": a lead converts weeks
    /// after it is scored.
    /// </summary>
    public int MaturityDays { get; set; } = 30;

    /// <summary>
    /// Whether a mature prediction without an outcome counts as not converted. False (the default) leaves it out of
    /// realized metrics: an absent outcome may just be unreported.
    /// </summary>
    public bool AbsentMeansNegative { get; set; }
}
