using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Features;

namespace LeadScoring.Engine.Tests.Features;

public sealed class TextFeaturesTests
{
    [Theory]
    [InlineData(null, 0)]
    [InlineData("", 1)]
    [InlineData("Leadership, SaaS, B2B Sales, CRM", 4)]
    [InlineData("Python,,SQL,", 4)]
    [InlineData(" , ,", 3)]
    public void SkillsCount_SplitsOnCommaWithoutTrimming(string? skills, int expected)
    {
        Assert.Equal(expected, TextFeatures.SkillsCount(skills));
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData("", 0)]
    [InlineData("abc", 3)]
    [InlineData("🚀 go", 4)] // one astral code point = two UTF-16 units
    public void CodePointLength_CountsCodePoints(string? text, int expected)
    {
        Assert.Equal(expected, TextFeatures.CodePointLength(text));
    }

    [Fact]
    public void CodePointLength_LoneSurrogate_CountsAsOneLikePython()
    {
        Assert.Equal(2, TextFeatures.CodePointLength(new string(['\ud800', 'x'])));
    }

    [Theory]
    // title, founder, director, manager, sales, marketing, tech
    [InlineData("VP of Sales", 0, 1, 0, 1, 0, 0)]
    [InlineData("CEO & Founder", 1, 0, 0, 0, 0, 0)]
    [InlineData("Senior Engineer", 0, 0, 0, 0, 0, 1)]
    [InlineData("Director, Commercial legal affairs", 1, 1, 0, 0, 0, 1)] // "Director" contains "cto"
    [InlineData("Team Leader", 0, 0, 1, 0, 0, 0)]
    [InlineData("MVP Growth Hacker", 0, 1, 0, 0, 1, 0)]
    [InlineData("Co-fondateur et directeur", 0, 0, 0, 0, 0, 0)]
    [InlineData("HEAD OF SALES ENGINEERING", 0, 0, 1, 1, 0, 1)]
    [InlineData(null, 0, 0, 0, 0, 0, 0)]
    public void RoleFlags_AreCaseInsensitiveSubstringMatches(string? title, int founder, int director, int manager,
        int sales, int marketing, int tech)
    {
        Assert.Equal(
            [founder == 1, director == 1, manager == 1, sales == 1, marketing == 1, tech == 1],
            new[]
            {
                TextFeatures.IsFounder(title), TextFeatures.IsDirector(title), TextFeatures.IsManager(title),
                TextFeatures.IsSales(title), TextFeatures.IsMarketing(title), TextFeatures.IsTechRole(title),
            });
    }

    [Fact]
    public void Transform_EmptyStrings_ArePresentButUnknownCategories()
    {
        var state = new FeaturePipeline().Fit([new RawLead { Engaged = 1, CompanySize = "2-10" }]);

        var f = state.Transform(new RawLead { Summary = "", Skills = "", JobTitle = "", CompanySize = "", CompanyType = null });

        Assert.Equal(1.0, f[FeatureSchema.IndexOf("has_summary")]);
        Assert.Equal(1.0, f[FeatureSchema.IndexOf("skills_count")]);
        Assert.Equal(0.0, f[FeatureSchema.IndexOf("companysize_UNKNOWN")]); // "" is not null
        Assert.Equal(1.0, f[FeatureSchema.IndexOf("companytype_UNKNOWN")]);
        Assert.Equal(1.0, state.TargetEncoder.Prior);
    }
}
