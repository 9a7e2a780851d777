namespace LeadScoring.Dashboard.Security;

/// <summary>
/// Security headers: nosniff and a referrer policy on every response; on HTML responses a Content-Security-Policy
/// that allows only this origin's scripts (Blazor, MudBlazor, Plotly are all served from _framework/_content),
/// inline styles (MudBlazor and Plotly set style attributes), data:/blob: images (Plotly's image export), the
/// circuit's WebSocket on this origin, and no framing (frame-ancestors 'none').
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var response = context.Response;
            var headers = response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                // /docs (Scalar) renders one inline module script carrying a per-request nonce: allow exactly that one.
                headers.ContentSecurityPolicy = context.Items[Scalar.AspNetCore.ScalarOptions.NonceHttpContextItemKey] is string nonce
                    ? ContentSecurityPolicy.Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'", StringComparison.Ordinal)
                    : ContentSecurityPolicy;
                headers.XFrameOptions = "DENY"; // for browsers without frame-ancestors
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
            }
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
