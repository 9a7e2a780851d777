using LeadScoring.Engine.Domain;

namespace LeadScoring.Engine.DemoData;

/// <summary>What happens to the model in one demo week.</summary>
public enum DemoWeekKind
{
    /// <summary>Inputs as the reference, outcomes follow the engagement model: performance as on the holdout.</summary>
    Normal,

    /// <summary>Inputs as the reference (drift stays quiet) but outcomes no longer follow the leads' profile:
    /// realized performance decays — concept drift, which input drift and CBPE cannot see.</summary>
    ConceptDrift,

    /// <summary>Inputs drift (more senior leads) but outcomes still follow the engagement model: performance holds.</summary>
    InputDrift,
}

/// <summary>One week of demo leads, each with its outcome and the day it becomes known.</summary>
/// <param name="WeeksAgo">8 = the oldest week, 1 = the last.</param>
/// <param name="Kind">What happens to the model that week.</param>
/// <param name="Leads">Leads with <see cref="RawLead.LeadId"/> and <see cref="RawLead.Engaged"/> (the truth, not sent with the batch).</param>
/// <param name="OutcomeDelayDays">Days after scoring when each lead's outcome is reported.</param>
public sealed record DemoWeek(int WeeksAgo, DemoWeekKind Kind, IReadOnlyList<RawLead> Leads, IReadOnlyList<double> OutcomeDelayDays);

/// <summary>
/// Eight weeks of scored leads whose outcomes arrive late (most within 2–3 weeks), so the Performance page has
/// something true to show on a fresh store: four normal weeks, two weeks of concept drift (inputs unchanged,
/// performance decays) and two weeks of input drift (inputs move, performance holds).
/// </summary>
public static class DemoOutcomes
{
    /// <summary>Leads per week.</summary>
    public const int WeekRows = 1_000;

    /// <summary>Base rate during the concept-drift weeks: conversions no longer depend on the profile.</summary>
    public const double ConceptDriftRate = 0.4;

    public static IReadOnlyList<DemoWeek> Generate(ulong seed = 20261204)
    {
        var random = new DemoRandom(seed);
        var weeks = new List<DemoWeek>();
        for (var weeksAgo = 8; weeksAgo >= 1; weeksAgo--)
        {
            var kind = weeksAgo switch { >= 5 => DemoWeekKind.Normal, >= 3 => DemoWeekKind.ConceptDrift, _ => DemoWeekKind.InputDrift };
            var profile = kind == DemoWeekKind.InputDrift ? DemoScenarios.Profile(DemoScenario.DriftSeniorityShift) : LeadProfile.Reference;
            var leads = new RawLead[WeekRows];
            var delays = new double[WeekRows];
            for (var i = 0; i < WeekRows; i++)
            {
                var lead = LeadSampler.Sample(random.Fork(), profile);
                var engaged = kind == DemoWeekKind.ConceptDrift ? (random.Chance(ConceptDriftRate) ? 1 : 0) : lead.Engaged;
                leads[i] = lead with { Engaged = engaged, LeadId = $"demo-w{weeksAgo}-{i:D4}" };
                // Log-normal delay: median 10 days, most within 2-3 weeks, a tail beyond a month.
                delays[i] = Math.Exp(Math.Log(10) + 0.5 * random.NextNormal());
            }
            weeks.Add(new DemoWeek(weeksAgo, kind, leads, delays));
        }
        return weeks;
    }
}
