using LeadScoring.Engine.Domain;
using LeadScoring.Engine.Ingestion;
using LeadScoring.Core.Models;
using Microsoft.Extensions.Options;

namespace LeadScoring.Dashboard.Services;

/// <summary>The demo/training reference set (data/reference_leads.csv), read once on first use.</summary>
public sealed class DemoReferenceLeadSource(IOptions<DemoDataOptions> options, IHostEnvironment environment) : IReferenceLeadSource
{
    private readonly Lazy<IReadOnlyList<RawLead>?> _leads = new(() => Read(options.Value, environment.ContentRootPath));

    public string? Description
    {
        get
        {
            var leads = _leads.Value;
            return leads is null ? null : $"{DemoDataLocator.ReferenceFile} ({leads.Count:N0} labelled leads)";
        }
    }

    public IReadOnlyList<RawLead>? Load() => _leads.Value;

    private static IReadOnlyList<RawLead>? Read(DemoDataOptions options, string contentRoot)
    {
        var directory = DemoDataLocator.Find(options, contentRoot);
        if (directory is null)
        {
            return null;
        }
        var parse = LeadCsvReader.ReadFile(Path.Combine(directory, DemoDataLocator.ReferenceFile));
        return parse.Succeeded && parse.Labels is not null && parse.Labels.All(l => l is not null) ? parse.RawRows : null;
    }
}
