using System.Text.RegularExpressions;

namespace LeadScoring.Engine.Features;

/// <summary>
/// Text features of the original pipeline: presence flags, code-point lengths, skills count and job-title
/// role flags. The role flags are case-insensitive substring searches, so their quirks are kept on purpose
/// ("Director" contains "cto" and sets founder and tech; "Leader" matches "Lead"; "MVP" contains "VP").
/// </summary>
public static partial class TextFeatures
{
    /// <summary>Length in Unicode code points, as Python's len(); null gives 0.</summary>
    public static int CodePointLength(string? text)
    {
        if (text is null)
        {
            return 0;
        }
        var length = text.Length;
        // A surrogate pair is one code point; a lone surrogate counts as one, like Python's str.
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                length--;
                i++;
            }
        }
        return length;
    }

    /// <summary>Pieces after splitting on ',' without trimming (so "" gives 1 and "a,,b," gives 4); null gives 0.</summary>
    public static int SkillsCount(string? skills) =>
        skills is null ? 0 : skills.AsSpan().Count(',') + 1;

    /// <summary>Founder | CEO | CTO | Co-founder | Co-Founder.</summary>
    public static bool IsFounder(string? jobTitle) => jobTitle is not null && FounderRegex().IsMatch(jobTitle);

    /// <summary>Director | VP | Vice President.</summary>
    public static bool IsDirector(string? jobTitle) => jobTitle is not null && DirectorRegex().IsMatch(jobTitle);

    /// <summary>Manager | Lead | Head of.</summary>
    public static bool IsManager(string? jobTitle) => jobTitle is not null && ManagerRegex().IsMatch(jobTitle);

    /// <summary>Sales | Business Development.</summary>
    public static bool IsSales(string? jobTitle) => jobTitle is not null && SalesRegex().IsMatch(jobTitle);

    /// <summary>Marketing | Growth | CMO.</summary>
    public static bool IsMarketing(string? jobTitle) => jobTitle is not null && MarketingRegex().IsMatch(jobTitle);

    /// <summary>Engineer | Developer | Architect | CTO.</summary>
    public static bool IsTechRole(string? jobTitle) => jobTitle is not null && TechRegex().IsMatch(jobTitle);

    // IgnoreCase + CultureInvariant is .NET's closest match to Python's re.IGNORECASE on str patterns.
    private const RegexOptions Flags = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex("Founder|CEO|CTO|Co-founder|Co-Founder", Flags)]
    private static partial Regex FounderRegex();

    [GeneratedRegex("Director|VP|Vice President", Flags)]
    private static partial Regex DirectorRegex();

    [GeneratedRegex("Manager|Lead|Head of", Flags)]
    private static partial Regex ManagerRegex();

    [GeneratedRegex("Sales|Business Development", Flags)]
    private static partial Regex SalesRegex();

    [GeneratedRegex("Marketing|Growth|CMO", Flags)]
    private static partial Regex MarketingRegex();

    [GeneratedRegex("Engineer|Developer|Architect|CTO", Flags)]
    private static partial Regex TechRegex();
}
