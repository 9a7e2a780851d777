using LeadScoring.Engine.Drift;
using LeadScoring.Engine.Tests.Infrastructure;
using static LeadScoring.Engine.Tests.Statistics.StatisticsTestData;

namespace LeadScoring.Engine.Tests.Drift;

public class SharedReferenceDriftTests
{
    // drift_expected.py (last section): Evidently's code path on ../shared/data/training_reference.csv,
    // rows 0-49 as reference vs rows 50-99 as current, "column=test=score" for the 47 features.
    private const string Expected =
        "llm_quality=chisquare=0.00536327641783814|llm_engagement=ks=0.3959398631708505|llm_decision_maker=ks=0.8692618870414056|llm_industry=ks=0.5486851446031328|llm_company_fit=chisquare=0.0013062106070345727|industry=ks=0.7166468440414822|companyindustry=ks=0.5486851446031328|languages=ks=0.3959398631708505|location=ks=0.5486851446031328|companylocation=ks=0.9999999999999891|companyfoundedon=ks=0.8692618870414056|has_summary=z=0.3911725228101397|has_skills=z=0.5049850750938454|has_jobtitle=z=0.10170693003109332|summary_length=ks=0.9667464356809096|skills_count=chisquare=0.0|jobtitle_length=ks=0.5486851446031328|is_founder=z=0.7267678061991005|is_director=z=0.16866861888781526|is_manager=z=0.7267678061991005|is_sales=z=0.31487864133641996|is_marketing=z=0.15312745101966962|is_tech_role=z=1.0|llm_seniority_Executive=z=1.0|llm_seniority_Mid=z=0.10247043485974938|llm_seniority_Senior=z=0.6026599377902164|llm_geography_other=z=0.06817580944524337|llm_geography_regional_hub=z=0.4609947864255779|llm_business_type_leaders=z=0.47592454315637056|llm_business_type_others=z=0.42222195287472397|llm_business_type_salespeople=z=0.5577341459422838|llm_business_type_workers=z=0.4609947864255779|companysize_11-50=z=0.3723653021980269|companysize_2-10=z=0.7267678061991005|companysize_201-500=z=0.30743416592739536|companysize_5001-10000=z=1.0|companysize_501-1000=z=0.16866861888781526|companysize_51-200=z=0.7492705235284574|companysize_UNKNOWN=z=0.4233396415824435|companytype_Government Agency=z=0.31487864133641996|companytype_Nonprofit=z=0.5577341459422838|companytype_Partnership=z=1.0|companytype_Privately Held=z=0.11485983984688097|companytype_Public Company=z=1.0|companytype_Self-Employed=z=0.0786401793488285|companytype_Sole Proprietorship=z=0.3997029217823824|companytype_UNKNOWN=z=0.5418864770324405";

    [SharedDataFact]
    public void Run_TrainingReferenceHalves_MatchesEvidentlyOnAll47Features()
    {
        var all = DriftCsvReader.Read(TestPaths.Shared("data", "training_reference.csv"));
        DriftDataset Slice(int from, int to) => new(all.Columns.Where(c => c.Name != "engaged")
            .Select(c => (DriftColumn)new NumericDriftColumn(c.Name, ((NumericDriftColumn)c).Values[from..to], ((NumericDriftColumn)c).IsInteger)).ToList());
        var report = DriftDetector.Run(Slice(0, 50), Slice(50, 100));
        var expected = Expected.Split('|').Select(e => e.Split('=')).ToArray();
        Assert.Equal(47, report.Columns.Count);
        Assert.Equal(expected.Length, report.Columns.Count);
        var names = new Dictionary<string, DriftTest> { ["ks"] = DriftTest.KolmogorovSmirnov, ["chisquare"] = DriftTest.ChiSquare, ["z"] = DriftTest.ZTest };
        foreach (var e in expected)
        {
            var r = report.Columns.Single(c => c.Column == e[0]);
            Assert.Equal(names[e[1]], r.Test);
            Close(double.Parse(e[2], System.Globalization.CultureInfo.InvariantCulture), r.Score!.Value, 1e-9, 1e-15);
        }
        Assert.Equal(3, report.DriftedColumns);
    }
}
