using LeadScoring.Core.Storage.Entities;
using MudBlazor;

namespace LeadScoring.Dashboard.Components.Registry;

/// <summary>How a model version's status looks in the registry components (numbers: <c>Engine.Reporting.Format</c>).</summary>
internal static class ModelStatusStyle
{
    public static Color Color(ModelStatus status) => status switch
    {
        ModelStatus.Champion => MudBlazor.Color.Success,
        ModelStatus.Candidate => MudBlazor.Color.Info,
        _ => MudBlazor.Color.Default,
    };

    public static string Name(ModelStatus status) => status.ToString().ToLowerInvariant();
}
