using System.Globalization;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Engine.Training;
using LeadScoring.Engine.Tests.Infrastructure;
using Sylvan.Data.Csv;
using Xunit.Abstractions;

namespace LeadScoring.Engine.Tests.Training;

/// <summary>
/// Quality of the in-C# trainer on the 303 real leads. Caveat: pipeline_output.csv's target-encoded columns come
/// from an encoder fitted on the original's 242-row train split, so labels leak into six features for ~80 % of
/// the rows; CV here is optimistic. Re-run with the feature pipeline fitted inside each fold for an honest figure.
/// </summary>
public sealed class RealDataQualityTests(ITestOutputHelper output)
{
    [SharedDataFact]
    public void CrossValidate_RealLeads_F1WithinToleranceOfOriginalClaim()
    {
        var table = OriginalFixtures.PipelineOutput();
        var labels = EngagedLabels();
        Assert.Equal(303, labels.Length);
        // pipeline_output.csv row i is record i of linkedin_leads_clean.csv.
        Assert.Equal(Enumerable.Range(1, 303).Select(i => i.ToString(CultureInfo.InvariantCulture)),
            table.ExtraColumns["row"]);

        var result = CrossValidator.Run(table.Features, labels, folds: 5);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"5-fold CV: mean F1 {result.MeanF1:F4}, pooled F1 {result.PooledF1:F4}, baseline F1 {result.BaselineF1:F4}, " +
            $"pooled ROC AUC {result.PooledRocAuc:F4}, pooled PR AUC {result.PooledPrAuc:F4}, " +
            $"mean ROC AUC {result.MeanRocAuc:F4}, mean PR AUC {result.MeanPrAuc:F4}"));
        foreach (var fold in result.Folds)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  fold: n {fold.Rows}, thr {fold.Threshold:F4}, F1 {fold.F1:F4}, P {fold.Precision:F4}, " +
                $"R {fold.Recall:F4}, AUC {fold.RocAuc:F4}, AP {fold.PrAuc:F4}, {fold.Confusion}"));
        }
        Assert.Equal(0.571, Math.Round(result.BaselineF1, 3)); // shared/README.md: 121 of 303 engaged
        // The original claims F1 0.556; we must reach it within 0.05.
        Assert.True(result.MeanF1 >= 0.506, $"mean CV F1 {result.MeanF1:F4} < 0.506");
    }

    /// <summary>
    /// The honest estimate: the feature pipeline is fitted inside each training fold, so no held-out label reaches the
    /// target encodings. Averaged over three fold seeds because 61-row folds make one run's F1 swing by ±0.04.
    /// </summary>
    [SharedDataFact]
    public void CrossValidate_RawLeadsWithPipelineFittedPerFold_MeetsTheOriginalClaimWithinTolerance()
    {
        var leads = LeadCsvReader.ReadFile(TestPaths.Shared("data", "linkedin_leads_clean.csv"));
        Assert.True(leads.Succeeded, string.Join("; ", leads.Errors));

        var runs = new[] { 42, 1, 7 }.Select(seed =>
            CrossValidator.Run(leads.RawRows, folds: 5, LeadModelTrainerOptions.For(242) with { Seed = seed })).ToList();

        foreach (var r in runs)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"5-fold CV, pipeline fitted per fold: mean F1 {r.MeanF1:F4}, pooled F1 {r.PooledF1:F4}, baseline F1 {r.BaselineF1:F4}, " +
                $"pooled ROC AUC {r.PooledRocAuc:F4}, pooled PR AUC {r.PooledPrAuc:F4}"));
        }
        var meanF1 = runs.Average(r => r.MeanF1);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean over seeds: F1 {meanF1:F4}, ROC AUC {runs.Average(r => r.PooledRocAuc):F4}"));
        Assert.Equal(0.571, Math.Round(runs[0].BaselineF1, 3));
        Assert.True(meanF1 >= 0.506, $"honest CV F1 {meanF1:F4} < 0.556 - 0.05");
        Assert.All(runs, r => Assert.InRange(r.PooledRocAuc, 0.55, 1.0)); // peers reach 0.56-0.58 (shared/README.md)
    }

    /// <summary>The engaged column of linkedin_leads_clean.csv in record order (fields contain quoted newlines).</summary>
    internal static int[] EngagedLabels()
    {
        using var csv = CsvDataReader.Create(TestPaths.Shared("data", "linkedin_leads_clean.csv"));
        var column = csv.GetOrdinal("engaged");
        var labels = new List<int>();
        while (csv.Read())
        {
            labels.Add((int)double.Parse(csv.GetString(column), CultureInfo.InvariantCulture));
        }
        return [.. labels];
    }
}
