using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LeadScoring.Engine.Alerts;

namespace LeadScoring.Core.Alerts.Channels;

/// <summary>How a notification is kept in the outbox (NaN evidence survives as a named literal).</summary>
public static class AlertNotificationJson
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(AlertNotification notification) => JsonSerializer.Serialize(notification, s_options);

    public static AlertNotification Deserialize(string json) =>
        JsonSerializer.Deserialize<AlertNotification>(json, s_options) ?? throw new JsonException("Empty notification.");
}

/// <summary>The bodies each channel kind sends (schema in docs/alerts.md).</summary>
public static class AlertMessageBodies
{
    public const string TimestampHeader = "X-LeadScoring-Timestamp";
    public const string SignatureHeader = "X-LeadScoring-Signature";

    private static readonly JsonSerializerOptions s_compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string SeverityName(AlertSeverity severity) => severity.ToString().ToLowerInvariant();

    public static string KindName(AlertNotificationKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The rule's link, absolute when a public base URL is configured.</summary>
    public static string? Link(AlertNotification n, string? publicBaseUrl)
    {
        if (string.IsNullOrEmpty(n.Link) || string.IsNullOrWhiteSpace(publicBaseUrl) || Uri.IsWellFormedUriString(n.Link, UriKind.Absolute))
        {
            return n.Link;
        }
        return publicBaseUrl.TrimEnd('/') + "/" + n.Link.TrimStart('/');
    }

    /// <summary>"[CRITICAL] drift-share-red fired": the e-mail subject and the Slack headline.</summary>
    public static string Headline(AlertNotification n) =>
        $"[{SeverityName(n.Severity).ToUpperInvariant()}] {OneLine(n.RuleName)} {KindName(n.Kind)}";

    /// <summary>The webhook JSON body (snake_case; non-finite evidence values as null).</summary>
    public static string Webhook(AlertNotification n, long deliveryId, string? publicBaseUrl)
    {
        var evidence = new JsonObject();
        foreach (var (key, value) in n.Evidence.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            evidence[key] = double.IsFinite(value) ? JsonValue.Create(value) : null;
        }
        var body = new JsonObject
        {
            ["delivery_id"] = deliveryId,
            ["alert_id"] = n.AlertId,
            ["rule"] = n.RuleName,
            ["severity"] = SeverityName(n.Severity),
            ["kind"] = KindName(n.Kind),
            ["at"] = DateTime.SpecifyKind(n.AtUtc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["summary"] = n.Summary,
            ["evidence"] = evidence,
            ["drift_run_id"] = n.DriftRunId,
            ["link"] = Link(n, publicBaseUrl),
        };
        return body.ToJsonString(s_compact);
    }

    /// <summary>"sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body).</summary>
    public static string Signature(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));

    /// <summary>A Slack incoming-webhook body: <c>text</c> (notifications, fallback) and Block Kit blocks.</summary>
    public static string Slack(AlertNotification n, string? publicBaseUrl)
    {
        var headline = Headline(n);
        var fields = new JsonArray();
        foreach (var (key, value) in n.Evidence.OrderBy(e => e.Key, StringComparer.Ordinal).Take(10))
        {
            fields.Add(new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*{SlackEscape(key)}*\n{Number(value)}" });
        }
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Truncate(headline, 150) } },
            new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = SlackEscape(n.Summary) } },
        };
        if (fields.Count > 0)
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
        }
        var context = $"{SlackEscape(At(n))}";
        if (Link(n, publicBaseUrl) is { } link && Uri.IsWellFormedUriString(link, UriKind.Absolute))
        {
            context += $" · <{SlackEscape(link)}|Open in the dashboard>";
        }
        blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = context }) });
        return new JsonObject { ["text"] = SlackEscape($"{headline}: {n.Summary}"), ["blocks"] = blocks }.ToJsonString(s_compact);
    }

    /// <summary>The e-mail's plain-text part.</summary>
    public static string EmailText(AlertNotification n, string? publicBaseUrl)
    {
        var text = new StringBuilder();
        text.AppendLine(Headline(n)).AppendLine().AppendLine(n.Summary).AppendLine();
        foreach (var (key, value) in n.Evidence.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{key}: {Number(value)}");
        }
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"At: {At(n)}");
        if (n.DriftRunId is long run)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Drift run: {run}");
        }
        if (Link(n, publicBaseUrl) is { } link)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Link: {link}");
        }
        return text.ToString();
    }

    /// <summary>The e-mail's HTML part; every piece of user text (rule name, summary, evidence keys, link) is encoded.</summary>
    public static string EmailHtml(AlertNotification n, string? publicBaseUrl)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.Append(CultureInfo.InvariantCulture, $"<h2>{E(Headline(n))}</h2><p>{E(n.Summary)}</p>");
        if (n.Evidence.Count > 0)
        {
            html.Append("<table cellpadding=\"4\">");
            foreach (var (key, value) in n.Evidence.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><th align=\"left\">{E(key)}</th><td>{E(Number(value))}</td></tr>");
            }
            html.Append("</table>");
        }
        html.Append(CultureInfo.InvariantCulture, $"<p>At: {E(At(n))}");
        if (n.DriftRunId is long run)
        {
            html.Append(CultureInfo.InvariantCulture, $"<br>Drift run: {run}");
        }
        html.Append("</p>");
        var link = Link(n, publicBaseUrl);
        if (link is not null && Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(uri.AbsoluteUri)}\">Open in the dashboard</a></p>");
        }
        else if (link is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>Dashboard page: {E(link)}</p>");
        }
        return html.Append("</body></html>").ToString();
    }

    /// <summary>A header-safe single line (no CR/LF reaches a subject).</summary>
    internal static string OneLine(string text) => string.Concat(text.Where(c => !char.IsControl(c)));

    private static string At(AlertNotification n) =>
        DateTime.SpecifyKind(n.AtUtc, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("G6", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Slack's three control characters in mrkdwn (its docs: escape &amp;, &lt;, &gt;).</summary>
    private static string SlackEscape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
