using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LeadScoring.Core.Alerts.Channels;

/// <summary>How one attempt went. <paramref name="Error"/> is sanitized: fixed wording, never exception text or a secret.</summary>
public sealed record AlertDeliveryResult(bool Succeeded, string? Error, int? StatusCode, long ElapsedMs);

/// <summary>Write-only channel secrets: ASP.NET Core Data Protection with the app's key ring, one purpose for channels.</summary>
public sealed class AlertChannelSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("LeadScoring.Alerts.ChannelSecrets.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    /// <summary>The plain secret; null when there is none or the key ring lost its key (the error then says re-enter it).</summary>
    public string? TryUnprotect(string? protectedSecret)
    {
        if (protectedSecret is null)
        {
            return null;
        }
        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>
/// One delivery attempt to one channel, within <c>Alerts:Delivery:TimeoutSeconds</c>. HTTP follows no redirects;
/// e-mail always uses TLS (STARTTLS or implicit) unless <c>Alerts:Smtp:AllowInsecure</c>.
/// </summary>
public sealed class AlertChannelSender(IHttpClientFactory httpClients, AlertChannelSecrets secrets, IOptions<AlertChannelOptions> options, TimeProvider time)
{
    /// <summary>Named client: no redirects (a 30x to an internal address is not followed), no cookies.</summary>
    public const string HttpClientName = "alert-channels";

    public async Task<AlertDeliveryResult> SendAsync(AlertChannelRecord channel, AlertNotification notification, long deliveryId, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.Delivery.TimeoutSeconds));
        var secret = secrets.TryUnprotect(channel.ProtectedSecret);
        AlertDeliveryResult Done(bool ok, string? error, int? status = null) =>
            new(ok, error is null ? null : Redact(error, secret), status, (long)time.GetElapsedTime(started).TotalMilliseconds);
        if (channel.ProtectedSecret is not null && secret is null)
        {
            return Done(false, "the stored secret cannot be decrypted (Data Protection key ring changed); delete and re-create the channel");
        }
        try
        {
            return channel.Kind switch
            {
                AlertChannelKind.Webhook => await PostAsync(channel.Url, AlertMessageBodies.Webhook(notification, deliveryId, settings.PublicBaseUrl), secret, Done, timeout.Token),
                AlertChannelKind.Slack => await PostAsync(secret!, AlertMessageBodies.Slack(notification, settings.PublicBaseUrl), null, Done, timeout.Token),
                _ => await MailAsync(channel, secret, notification, settings, Done, timeout.Token),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Done(false, $"timed out after {settings.Delivery.TimeoutSeconds} s (Alerts:Delivery:TimeoutSeconds)");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A channel's failure never escapes into the worker or the request (the notifier contract).
            return Done(false, Describe(e) ?? $"unexpected failure ({e.GetType().Name})");
        }
    }

    private async Task<AlertDeliveryResult> PostAsync(string url, string body, string? signingSecret,
        Func<bool, string?, int?, AlertDeliveryResult> done, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signingSecret is not null)
        {
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            request.Headers.Add(AlertMessageBodies.TimestampHeader, timestamp);
            request.Headers.Add(AlertMessageBodies.SignatureHeader, AlertMessageBodies.Signature(signingSecret, timestamp, body));
        }
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = (int)response.StatusCode;
        // The receiver's body is never read back into our messages: it is theirs and could echo anything.
        return response.IsSuccessStatusCode ? done(true, null, status) : done(false, $"the receiver answered HTTP {status}", status);
    }

    private async Task<AlertDeliveryResult> MailAsync(AlertChannelRecord channel, string? password, AlertNotification notification,
        AlertChannelOptions settings, Func<bool, string?, int?, AlertDeliveryResult> done, CancellationToken cancellationToken)
    {
        var target = SmtpTarget.Parse(channel.Url) ?? throw new InvalidOperationException("Stored e-mail URL no longer parses.");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.Smtp.From ?? throw new InvalidOperationException("Alerts:Smtp:From is not set.")));
        foreach (var to in (channel.To ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            message.To.Add(MailboxAddress.Parse(to));
        }
        message.Subject = AlertMessageBodies.Headline(notification);
        message.Body = new BodyBuilder
        {
            TextBody = AlertMessageBodies.EmailText(notification, settings.PublicBaseUrl),
            HtmlBody = AlertMessageBodies.EmailHtml(notification, settings.PublicBaseUrl),
        }.ToMessageBody();

        using var client = new SmtpClient { Timeout = settings.Delivery.TimeoutSeconds * 1000, CheckCertificateRevocation = false };
        var trusted = settings.Smtp.TrustedCertificateThumbprints.Select(t => t.Replace(":", "", StringComparison.Ordinal).Trim()).ToList();
        client.ServerCertificateValidationCallback = (_, certificate, _, errors) => errors == SslPolicyErrors.None || IsTrusted(certificate, trusted);
        var security = target.ImplicitTls ? SecureSocketOptions.SslOnConnect
            : settings.Smtp.AllowInsecure ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.StartTls;
        await client.ConnectAsync(target.Host, target.Port, security, cancellationToken);
        if (target.User is not null)
        {
            await client.AuthenticateAsync(target.User, password ?? "", cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return done(true, null, null);
    }

    /// <summary>Exactly the configured certificates (SHA-256 or SHA-1 thumbprint), not "any".</summary>
    private static bool IsTrusted(X509Certificate? certificate, List<string> trusted)
    {
        if (certificate is null || trusted.Count == 0)
        {
            return false;
        }
        using var x509 = new X509Certificate2(certificate);
        var sha256 = x509.GetCertHashString(HashAlgorithmName.SHA256);
        var sha1 = x509.GetCertHashString(HashAlgorithmName.SHA1);
        return trusted.Any(t => string.Equals(t, sha256, StringComparison.OrdinalIgnoreCase) || string.Equals(t, sha1, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A fixed sentence per failure type; exception messages can carry hosts, URLs or server text.</summary>
    internal static string? Describe(Exception e) => e switch
    {
        SslHandshakeException => "TLS handshake failed: the server's certificate is not trusted (see Alerts:Smtp:TrustedCertificateThumbprints)",
        System.Security.Authentication.AuthenticationException => "TLS handshake failed: the server's certificate is not trusted",
        NotSupportedException when e.Source?.StartsWith("MailKit", StringComparison.Ordinal) == true =>
            "the SMTP server offers no STARTTLS; plain SMTP is refused (Alerts:Smtp:AllowInsecure)",
        MailKit.Security.AuthenticationException => "SMTP authentication failed (user in the url, password in the secret)",
        SmtpCommandException c => $"the SMTP server refused: {(int)c.StatusCode} ({c.ErrorCode})",
        SmtpProtocolException => "SMTP protocol error",
        HttpRequestException h when h.InnerException is SocketException s => $"connection failed ({s.SocketErrorCode})",
        HttpRequestException h => $"connection failed ({h.HttpRequestError})",
        SocketException s => $"connection failed ({s.SocketErrorCode})",
        IOException => "the connection was closed unexpectedly",
        InvalidOperationException or FormatException or ParseException => "the channel's stored settings are invalid",
        _ => null,
    };

    private static string Redact(string text, string? secret) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "***", StringComparison.Ordinal);
}
