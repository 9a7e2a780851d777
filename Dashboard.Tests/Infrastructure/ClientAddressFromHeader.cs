using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace LeadScoring.Dashboard.Tests.Infrastructure;

/// <summary>
/// The test server has no socket: this sets each request's connection address from the <see cref="Header"/> header,
/// before any other middleware, so per-client limits and sign-in throttling can be tested with several "clients".
/// </summary>
public sealed class ClientAddressFromHeader : IStartupFilter
{
    public const string Header = "X-Test-Client";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((HttpContext context, RequestDelegate following) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var value) && IPAddress.TryParse(value.ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }
            return following(context);
        });
        next(app);
    };
}
