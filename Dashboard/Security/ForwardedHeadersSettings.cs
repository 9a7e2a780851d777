using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace LeadScoring.Dashboard.Security;

/// <summary>
/// Which reverse proxies may tell us the client's address and scheme (section "ForwardedHeaders"). Only these are
/// believed, so per-client rate limits and sign-in limits see real clients and nobody can forge an address.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Proxy addresses trusted besides loopback, e.g. ["10.0.0.5"].</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks trusted, in CIDR notation, e.g. ["10.0.0.0/8"].</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a chain to believe (X-Forwarded-For entries read from the right).</summary>
    public int ForwardLimit { get; set; } = 1;

    public ForwardedHeadersOptions ToOptions()
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = ForwardLimit,
        };
        foreach (var proxy in KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address."));
        }
        foreach (var network in KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{network}' is not a CIDR network (like 10.0.0.0/8)."));
        }
        return options;
    }
}
