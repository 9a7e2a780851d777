using System.Text;
using LeadScoring.Engine.Domain;

namespace LeadScoring.Engine.DemoData;

/// <summary>Draws one synthetic raw lead (with its label) from a <see cref="LeadProfile"/>.</summary>
internal static class LeadSampler
{
    // Summary length buckets (code points, before truncation to a whole sentence boundary is not needed):
    // shaped like the real 3–2,592 range with a median near 680, shortened by 40 % to keep data/ small.
    private static readonly (int Min, int Max, double Weight)[] s_summaryBuckets =
        [(3, 90, 10), (90, 240, 20), (240, 420, 22), (420, 600, 20), (600, 900, 18), (900, 1550, 10)];

    public static RawLead Sample(DemoRandom random, LeadProfile profile)
    {
        var seniority = profile.Seniority.Sample(random)!;
        var companyMissing = random.Chance(profile.CompanyMissing);
        var lead = new RawLead
        {
            LlmQuality = Quality(random, profile),
            LlmSeniority = seniority,
            LlmEngagement = Steps(0.55 + (0.15 * random.NextNormal()) + profile.EngagementShift, 3, 17),
            LlmDecisionMaker = Steps(DecisionBase(seniority) + (0.12 * random.NextNormal()) + profile.DecisionMakerShift, 0, 18),
            LlmIndustry = profile.LlmIndustry.Sample(random),
            LlmGeography = profile.Geography.Sample(random),
            LlmBusinessType = profile.BusinessType.Sample(random),
            LlmCompanyFit = int.Parse(profile.CompanyFit.Sample(random)!, System.Globalization.CultureInfo.InvariantCulture),
            Industry = profile.Industry.Sample(random),
            CompanyIndustry = companyMissing ? null : profile.CompanyIndustry.Sample(random),
            CompanySize = companyMissing || random.Chance(profile.CompanySizeExtraMissing) ? null : profile.CompanySize.Sample(random),
            CompanyType = companyMissing ? null : profile.CompanyType.Sample(random),
            Languages = random.Chance(profile.LanguagesMissing) ? null : Languages(random),
            Location = profile.Location.Sample(random),
            CompanyLocation = companyMissing || random.Chance(profile.CompanyLocationExtraMissing) ? null : profile.CompanyLocation.Sample(random),
            CompanyFoundedOn = random.Chance(profile.FoundedMissing) ? null : FoundedOn(random),
            Summary = random.Chance(profile.SummaryMissing) ? null : Summary(random),
            Skills = random.Chance(profile.SkillsMissing) ? null : Skills(random),
            JobTitle = random.Chance(profile.JobTitleMissing) ? null : JobTitle(random, seniority),
        };
        var engaged = random.NextDouble() < EngagementModel.Probability(lead) ? 1 : 0;
        return lead with { Engaged = engaged };
    }

    private static int Quality(DemoRandom random, LeadProfile profile)
    {
        // Left-skewed like the real scores (mean 61.8, median 70): a main mode and a low tail.
        var x = random.Chance(0.78) ? 72 + (9 * random.NextNormal()) : 35 + (12 * random.NextNormal());
        var q = (int)Math.Round((x + profile.QualityShift) / 5.0, MidpointRounding.ToEven) * 5;
        q = Math.Clamp(q, 10, 95);
        return q == 90 && random.Chance(0.1) ? 88 : q; // the real data's one off-grid score
    }

    private static double DecisionBase(string seniority) => seniority switch
    {
        "Entry" => 0.3,
        "Mid" => 0.5,
        "Senior" => 0.65,
        _ => 0.8,
    };

    // A value on the 0.05 grid, written as k/20 so it prints as "0.55", not "0.5500000000000001".
    private static double Steps(double x, int minStep, int maxStep) =>
        Math.Clamp((int)Math.Round(x * 20, MidpointRounding.ToEven), minStep, maxStep) / 20.0;

    private static double FoundedOn(DemoRandom random)
    {
        if (random.Chance(0.003))
        {
            return 1200; // the real data's outlier year
        }
        if (random.Chance(0.19))
        {
            return random.NextInt(1850, 1999);
        }
        return Math.Clamp(2025 - (int)Math.Abs(7 * random.NextNormal()), 2000, 2025);
    }

    private static string Languages(DemoRandom random)
    {
        var names = random.Chance(0.6) ? DemoCatalog.FrenchLanguages : DemoCatalog.EnglishLanguages;
        var weights = new Weighted(names.Select((n, i) => ((string?)n, i < 2 ? 5.0 : 1.5 / i)).ToArray());
        var count = new Weighted(("1", 15), ("2", 45), ("3", 30), ("4", 10)).Sample(random)![0] - '0';
        var chosen = new SortedSet<string>(StringComparer.Ordinal);
        while (chosen.Count < count)
        {
            chosen.Add(weights.Sample(random)!);
        }
        return string.Join(", ", chosen);
    }

    private static string Summary(DemoRandom random)
    {
        var buckets = new Weighted(s_summaryBuckets.Select((b, i) => ((string?)i.ToString(System.Globalization.CultureInfo.InvariantCulture), b.Weight)).ToArray());
        var (min, max, _) = s_summaryBuckets[buckets.Sample(random)![0] - '0'];
        var target = random.NextInt(min, max);
        var text = new StringBuilder();
        while (text.Length < target)
        {
            if (text.Length > 0)
            {
                text.Append(random.Chance(0.15) ? "\n\n" : " ");
            }
            text.Append(DemoCatalog.SummarySentences[random.NextInt(DemoCatalog.SummarySentences.Length)]);
        }
        var cut = Math.Min(target, text.Length);
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--; // never split an emoji
        }
        return text.ToString(0, cut).TrimEnd();
    }

    private static string Skills(DemoRandom random)
    {
        var count = random.Chance(0.92) ? 3 : random.NextInt(1, 6);
        var chosen = new List<string>();
        while (chosen.Count < count)
        {
            var skill = DemoCatalog.Skills[random.NextInt(DemoCatalog.Skills.Length)];
            if (!chosen.Contains(skill))
            {
                chosen.Add(skill);
            }
        }
        return string.Join(", ", chosen);
    }

    private static string JobTitle(DemoRandom random, string seniority)
    {
        var titles = DemoCatalog.JobTitles.GetValueOrDefault(seniority) ?? DemoCatalog.JobTitles["Mid"];
        return titles[random.NextInt(titles.Length)];
    }
}
