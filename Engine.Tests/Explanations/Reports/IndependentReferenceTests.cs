using LeadScoring.Engine.Explanations;
using LeadScoring.Engine.Tests.Explanations.Infrastructure;

using LeadScoring.Engine.Tests.Infrastructure;

namespace LeadScoring.Engine.Tests.Explanations.Reports;

/// <summary>
/// The original model's explanations against literal values from an independent implementation:
/// Engine.Tests/Explanations/interventional_shap_reference.py (onnx + numpy, brute-force coalitions), run as
/// <c>/usr/bin/python3 Engine.Tests/Explanations/interventional_shap_reference.py ../shared</c>. Background: the first 20 of the
/// 303 real leads; explained: leads 100, 200 and 300 (0-based). Feature indices are in model order.
/// </summary>
public sealed class IndependentReferenceTests
{
    private const double BaseValue = 0.174815108437042;

    public static TheoryData<int, double, (int Feature, double Phi)[]> Leads => new()
    {
        {
            100, 3.0643562337520507,
            [(0, 0.07612165021709914), (2, 0.027006972612191867), (3, 1.4354589237351285), (4, 0.0227916999254368), (5, 0.3409927182423436), (6, -0.05376677368622156), (7, 1.785122208328304), (8, 0.11314204600639387), (9, -0.7230645416362615), (14, -0.3082841262376584), (16, 0.009441461507231292), (25, 0.12617581347003598), (29, 0.038403072830986595)]
        },
        {
            200, 2.2431835223999315,
            [(0, 0.12868866133503398), (2, -0.07881612501417402), (3, -0.02375717877075638), (4, 0.06511914264410633), (5, 0.5426200085261407), (6, -0.2503839485951142), (7, 0.6937429361239378), (8, -0.10406745932996216), (9, 0.9193355625631076), (14, 0.21306755966894664), (16, -0.022435676073654456), (25, -0.0709226420498438), (29, 0.05617757293512128)]
        },
        {
            300, 2.3083534986383256,
            [(0, -0.10023793787695531), (2, -0.06989124721536913), (3, 0.8692927753538232), (4, -0.01953574279323208), (5, 0.47989917861025805), (6, -0.14178341519873308), (7, 0.4139772004021031), (8, 0.18909552260301943), (9, 0.908050728329302), (14, -0.2813271006026098), (16, 0.06525908531620958), (25, -0.07089151445543207), (29, -0.10836914227111645)]
        },
    };

    [SharedDataTheory]
    [MemberData(nameof(Leads))]
    public void Explain_OriginalModelLead_MatchesTheIndependentNumpyEnumeration(int lead, double margin,
        (int Feature, double Phi)[] expected)
    {
        var leads = TestData.Rows(TestData.PipelineOutput());
        var background = leads.Select([.. Enumerable.Range(0, 20)]);
        var explainer = Explainer.Create(OnnxTreeEnsembleReader.Read(TestData.OriginalModel()), background);

        var explanation = explainer.Explain(leads.Row(lead));

        Assert.Equal(BaseValue, explainer.BaseValue, 9);
        Assert.Equal(margin, explanation.Margin, 9);
        var phi = new double[47];
        foreach (var (feature, value) in expected)
        {
            phi[feature] = value;
        }
        for (var j = 0; j < 47; j++)
        {
            Assert.True(Math.Abs(phi[j] - explanation.Phi[j]) <= 1e-9, $"feature {j}: {explanation.Phi[j]:R} vs numpy {phi[j]:R}");
        }
    }
}
