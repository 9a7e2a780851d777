using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LeadScoring.Core.Alerts.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LeadScoring.Dashboard.Tests.Alerts;

/// <summary>
/// E-mail channels through a real in-process SMTP server (SmtpServer package) with STARTTLS on a self-signed
/// certificate made here; the client trusts exactly that certificate (Alerts:Smtp:TrustedCertificateThumbprints).
/// </summary>
public sealed class AlertEmailChannelTests : IDisposable
{
    private readonly X509Certificate2 _certificate = LocalSmtpServer.SelfSignedCertificate();

    public void Dispose() => _certificate.Dispose();

    [Fact]
    public async Task StartTls_WithTheTrustedSelfSignedCertificate_DeliversTextAndEncodedHtml()
    {
        using var server = new LocalSmtpServer(_certificate);
        await using var services = Services(allowInsecure: false, _certificate.GetCertHashString(HashAlgorithmName.SHA256));
        var notification = AlertChannelDeliveryTests.Sample() with { Summary = "share <b>0.62</b> & rising" };

        var result = await SendAsync(services, $"smtp://127.0.0.1:{server.Port}", notification);

        Assert.True(result.Succeeded, result.Error);
        var message = Assert.Single(server.Messages);
        Assert.Equal("[CRITICAL] drift-share-red fired", message.Subject);
        Assert.Equal("alerts@example.com", message.From.Mailboxes.Single().Address);
        Assert.Equal(["ops@example.com", "oncall@example.com"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("share <b>0.62</b> & rising", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("share &lt;b&gt;0.62&lt;/b&gt; &amp; rising", message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>0.62", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("https://dash.example.com/alerts?id=12", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartTls_WithACertificateNotConfiguredAsTrusted_IsRefused()
    {
        using var server = new LocalSmtpServer(_certificate);
        using var other = LocalSmtpServer.SelfSignedCertificate();
        await using var services = Services(allowInsecure: false, other.GetCertHashString(HashAlgorithmName.SHA256));

        var result = await SendAsync(services, $"smtp://127.0.0.1:{server.Port}", AlertChannelDeliveryTests.Sample());

        Assert.False(result.Succeeded);
        Assert.Contains("certificate is not trusted", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task PlainTextServer_IsRefused_UnlessAllowInsecure()
    {
        using var server = new LocalSmtpServer(certificate: null);
        var url = $"smtp://127.0.0.1:{server.Port}";

        await using (var strict = Services(allowInsecure: false))
        {
            var refused = await SendAsync(strict, url, AlertChannelDeliveryTests.Sample());
            Assert.False(refused.Succeeded);
            Assert.Contains("no STARTTLS", refused.Error, StringComparison.Ordinal);
            Assert.Contains("Alerts:Smtp:AllowInsecure", refused.Error, StringComparison.Ordinal);
            Assert.Empty(server.Messages);
        }

        await using var insecure = Services(allowInsecure: true);
        var sent = await SendAsync(insecure, url, AlertChannelDeliveryTests.Sample());
        Assert.True(sent.Succeeded, sent.Error);
        Assert.Single(server.Messages);
    }

    [Fact]
    public void EmailValidation_NamesTheField_ForPasswordInUrl_BadScheme_MissingRecipients_AndMissingSender()
    {
        var smtp = new AlertSmtpOptions { From = "alerts@example.com" };
        Assert.Contains(AlertChannelValidator.Validate(new("m", "email", "smtp://bob:pw@mail.example.com:587", "x", ["a@example.com"]), smtp),
            e => e.Field == "url" && e.Message.Contains("password", StringComparison.Ordinal));
        Assert.Contains(AlertChannelValidator.Validate(new("m", "email", "http://mail.example.com", null, ["a@example.com"]), smtp), e => e.Field == "url");
        Assert.Contains(AlertChannelValidator.Validate(new("m", "email", "smtps://mail.example.com:465", null, []), smtp), e => e.Field == "to");
        Assert.Contains(AlertChannelValidator.Validate(new("m", "email", "smtps://mail.example.com:465", null, ["not an address"]), smtp), e => e.Field == "to[0]");
        Assert.Contains(AlertChannelValidator.Validate(new("m", "email", "smtp://bob@mail.example.com:587", null, ["a@example.com"]), smtp), e => e.Field == "secret");
        Assert.Contains(AlertChannelValidator.Validate(new("m", "email", "smtps://mail.example.com:465", null, ["a@example.com"]), new AlertSmtpOptions()),
            e => e.Field == "kind" && e.Message.Contains("Alerts:Smtp:From", StringComparison.Ordinal));
        Assert.Empty(AlertChannelValidator.Validate(new("m", "email", "smtps://bob@mail.example.com:465", "pw", ["a@example.com"]), smtp));
    }

    private static ServiceProvider Services(bool allowInsecure, params string[] trustedThumbprints)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Alerts:Smtp:From"] = "alerts@example.com",
            ["Alerts:Smtp:AllowInsecure"] = allowInsecure ? "true" : "false",
            ["Alerts:Delivery:TimeoutSeconds"] = "10",
            ["Alerts:PublicBaseUrl"] = "https://dash.example.com",
        };
        for (var i = 0; i < trustedThumbprints.Length; i++)
        {
            settings[$"Alerts:Smtp:TrustedCertificateThumbprints:{i}"] = trustedThumbprints[i];
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddAlertChannels(configuration).BuildServiceProvider();
    }

    private static Task<AlertDeliveryResult> SendAsync(ServiceProvider services, string url, Core.Alerts.AlertNotification notification)
    {
        var channel = new AlertChannelRecord
        {
            Id = 1, Name = "mail", Kind = AlertChannelKind.Email, Url = url, To = "ops@example.com,oncall@example.com", Enabled = true,
        };
        return services.GetRequiredService<AlertChannelSender>().SendAsync(channel, notification, 7, CancellationToken.None);
    }
}
