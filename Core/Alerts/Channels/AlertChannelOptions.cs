namespace LeadScoring.Core.Alerts.Channels;

/// <summary>The channel part of the <c>Alerts</c> configuration section.</summary>
public sealed class AlertChannelOptions
{
    public const string SectionName = "Alerts";

    /// <summary>Makes notification links absolute (e.g. "https://dashboard.example.com"); relative links when unset.</summary>
    public string? PublicBaseUrl { get; set; }

    public AlertSmtpOptions Smtp { get; set; } = new();

    public AlertDeliveryOptions Delivery { get; set; } = new();

    /// <summary>The first broken setting as "Alerts:Key: why", or null.</summary>
    public string? Problem()
    {
        (bool Broken, string Message)[] checks =
        [
            (Delivery.TimeoutSeconds is <= 0 or > 300, "Alerts:Delivery:TimeoutSeconds must be between 1 and 300."),
            (Delivery.MaxAttempts is < 1 or > 50, "Alerts:Delivery:MaxAttempts must be between 1 and 50."),
            (Delivery.FirstRetrySeconds < 0, "Alerts:Delivery:FirstRetrySeconds must be >= 0."),
            (Delivery.MaxRetrySeconds < Delivery.FirstRetrySeconds, "Alerts:Delivery:MaxRetrySeconds must be >= FirstRetrySeconds."),
            (Delivery.PollSeconds is <= 0 or > 3600, "Alerts:Delivery:PollSeconds must be between 1 and 3600."),
            (Delivery.BatchSize is < 1 or > 1000, "Alerts:Delivery:BatchSize must be between 1 and 1000."),
            (Delivery.MaxChannels < 1, "Alerts:Delivery:MaxChannels must be >= 1."),
        ];
        foreach (var (broken, message) in checks)
        {
            if (broken)
            {
                return message;
            }
        }
        if (!string.IsNullOrWhiteSpace(PublicBaseUrl) && !AlertChannelValidator.IsHttpUrl(PublicBaseUrl))
        {
            return "Alerts:PublicBaseUrl must be an absolute http(s) URL.";
        }
        return null;
    }
}

/// <summary><c>Alerts:Smtp</c>: how e-mail channels send.</summary>
public sealed class AlertSmtpOptions
{
    /// <summary>Sender address; e-mail channels cannot be created without it.</summary>
    public string? From { get; set; }

    /// <summary>Allows smtp:// without STARTTLS (the server offers none). Off: such a server is refused.</summary>
    public bool AllowInsecure { get; set; }

    /// <summary>
    /// SHA-256 or SHA-1 hex thumbprints of server certificates trusted besides the system's trust store (self-signed
    /// relays). Exactly these; there is no "accept any certificate" switch.
    /// </summary>
    public List<string> TrustedCertificateThumbprints { get; set; } = [];
}

/// <summary><c>Alerts:Delivery</c>: the outbox worker's limits.</summary>
public sealed class AlertDeliveryOptions
{
    /// <summary>One attempt (connect, send, answer) may take this long.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Attempts per notification and channel before the row is marked failed.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait before the first retry; doubles per retry, plus up to 25 % jitter.</summary>
    public int FirstRetrySeconds { get; set; } = 30;

    /// <summary>Longest wait between two attempts.</summary>
    public int MaxRetrySeconds { get; set; } = 3600;

    /// <summary>How often the worker looks for due rows (it also wakes when a notification is queued).</summary>
    public int PollSeconds { get; set; } = 5;

    /// <summary>Rows one worker pass delivers at most.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Channels that may exist at once.</summary>
    public int MaxChannels { get; set; } = 50;
}
