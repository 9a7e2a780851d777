using MimeKit;

namespace LeadScoring.Core.Alerts.Channels;

/// <summary>A channel as an admin asks for it (API body or the page's form). The secret is write-only.</summary>
/// <param name="Name">Unique name.</param>
/// <param name="Kind">"webhook", "slack" or "email".</param>
/// <param name="Url">Webhook or Slack URL; for e-mail smtp://[user@]host:port (STARTTLS) or smtps://[user@]host:port.</param>
/// <param name="Secret">HMAC key (webhook, required), SMTP password (e-mail); not used for Slack (its URL is the secret).</param>
/// <param name="To">E-mail recipients.</param>
/// <param name="Enabled">Defaults to true.</param>
public sealed record AlertChannelInput(string? Name, string? Kind, string? Url, string? Secret = null, IReadOnlyList<string>? To = null, bool? Enabled = null);

/// <summary>One refused field of an <see cref="AlertChannelInput"/>.</summary>
public sealed record AlertChannelFieldError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>The checks on a new channel that need no store (the unique name is checked by the service).</summary>
public static class AlertChannelValidator
{
    public const int MaxNameLength = 100;
    public const int MaxUrlLength = 2000;
    public const int MaxSecretLength = 1000;
    public const int MinWebhookSecretLength = 16;
    public const int MaxRecipients = 20;

    public static AlertChannelKind? ParseKind(string? kind) => kind?.Trim().ToLowerInvariant() switch
    {
        "webhook" => AlertChannelKind.Webhook,
        "slack" => AlertChannelKind.Slack,
        "email" => AlertChannelKind.Email,
        _ => null,
    };

    public static string NameOf(AlertChannelKind kind) => kind.ToString().ToLowerInvariant();

    public static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    /// <summary>Every problem of <paramref name="input"/>, each naming its field.</summary>
    public static List<AlertChannelFieldError> Validate(AlertChannelInput input, AlertSmtpOptions smtp)
    {
        var errors = new List<AlertChannelFieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add(new("name", "required"));
        }
        else if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            errors.Add(new("name", $"at most {MaxNameLength} printable characters"));
        }
        var kind = ParseKind(input.Kind);
        if (kind is null)
        {
            errors.Add(new("kind", "must be 'webhook', 'slack' or 'email'"));
            return errors;
        }
        if (input.Secret is { Length: > MaxSecretLength })
        {
            errors.Add(new("secret", $"at most {MaxSecretLength} characters"));
        }
        if (string.IsNullOrWhiteSpace(input.Url) || input.Url.Length > MaxUrlLength)
        {
            errors.Add(new("url", $"required, at most {MaxUrlLength} characters"));
            return errors;
        }
        switch (kind)
        {
            case AlertChannelKind.Webhook or AlertChannelKind.Slack:
                ValidateHttp(input, kind.Value, errors);
                break;
            default:
                ValidateEmail(input, smtp, errors);
                break;
        }
        return errors;
    }

    private static void ValidateHttp(AlertChannelInput input, AlertChannelKind kind, List<AlertChannelFieldError> errors)
    {
        if (!IsHttpUrl(input.Url))
        {
            errors.Add(new("url", "must be an absolute http:// or https:// URL"));
        }
        else if (new Uri(input.Url!).UserInfo.Length > 0)
        {
            errors.Add(new("url", "must not carry user:password (use 'secret')"));
        }
        if (kind == AlertChannelKind.Webhook && (input.Secret?.Length ?? 0) < MinWebhookSecretLength)
        {
            errors.Add(new("secret", $"required for a webhook (the HMAC key), at least {MinWebhookSecretLength} characters"));
        }
        if (kind == AlertChannelKind.Slack && !string.IsNullOrEmpty(input.Secret))
        {
            errors.Add(new("secret", "not used for Slack: the incoming-webhook URL is the secret and is stored encrypted"));
        }
        if (input.To is { Count: > 0 })
        {
            errors.Add(new("to", "only for e-mail channels"));
        }
    }

    private static void ValidateEmail(AlertChannelInput input, AlertSmtpOptions smtp, List<AlertChannelFieldError> errors)
    {
        if (SmtpTarget.Parse(input.Url) is not { } target)
        {
            errors.Add(new("url", "must be smtp://[user@]host:port (STARTTLS) or smtps://[user@]host:port (implicit TLS)"));
        }
        else if (target.HasPasswordInUrl)
        {
            errors.Add(new("url", "must not carry a password (put it in 'secret')"));
        }
        else if (target.User is not null && string.IsNullOrEmpty(input.Secret))
        {
            errors.Add(new("secret", "required when the url names a user (the SMTP password)"));
        }
        if (input.To is not { Count: > 0 } to)
        {
            errors.Add(new("to", "at least one address"));
        }
        else if (to.Count > MaxRecipients)
        {
            errors.Add(new("to", $"at most {MaxRecipients} addresses"));
        }
        else
        {
            for (var i = 0; i < to.Count; i++)
            {
                if (!IsMailbox(to[i]))
                {
                    errors.Add(new($"to[{i}]", "not an e-mail address"));
                }
            }
        }
        if (!IsMailbox(smtp.From))
        {
            errors.Add(new("kind", "e-mail channels need Alerts:Smtp:From (the sender address) configured"));
        }
    }

    internal static bool IsMailbox(string? address) =>
        !string.IsNullOrWhiteSpace(address) && MailboxAddress.TryParse(address, out var mailbox) && mailbox.Address.Contains('@')
        && !address.Contains(',') && !address.Any(char.IsControl);
}

/// <summary>An e-mail channel's server: smtp:// means STARTTLS, smtps:// implicit TLS.</summary>
internal sealed record SmtpTarget(string Host, int Port, bool ImplicitTls, string? User, bool HasPasswordInUrl)
{
    public static SmtpTarget? Parse(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("smtp" or "smtps") || string.IsNullOrEmpty(uri.Host)
            || uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0)
        {
            return null;
        }
        var implicitTls = uri.Scheme == "smtps";
        var port = uri.IsDefaultPort || uri.Port <= 0 ? (implicitTls ? 465 : 587) : uri.Port;
        var info = Uri.UnescapeDataString(uri.UserInfo);
        var colon = info.IndexOf(':');
        var user = colon >= 0 ? info[..colon] : info;
        return new SmtpTarget(uri.Host, port, implicitTls, user.Length > 0 ? user : null, colon >= 0);
    }
}
