using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Notifications;

/// <summary>Where a message goes and in which JSON. The URL is a secret (Slack, Google Chat and Teams
/// webhook URLs embed the token that authorizes posting), so <see cref="ToString"/> and every message
/// about a target show only <see cref="Host"/>.</summary>
public sealed class WebhookTarget
{
    private WebhookTarget(Uri uri, NotificationFormat format)
    {
        Uri = uri;
        Format = format;
    }

    /// <summary>The full webhook URL. Send to it; never print or log it.</summary>
    public Uri Uri { get; }

    public NotificationFormat Format { get; }

    /// <summary>What may be shown: the host (and port when not the default).</summary>
    public string Host => Uri.IsDefaultPort ? Uri.Host : $"{Uri.Host}:{Uri.Port}";

    public override string ToString() => $"{Format} webhook at {Host}";

    /// <summary>A target from a URL given directly, or else from the environment variable named
    /// <paramref name="environmentVariable"/>. <paramref name="format"/> null: inferred from the host.</summary>
    /// <exception cref="JobFinderException"><c>NotificationWebhookMissing</c> when neither gives a URL,
    /// <c>NotificationWebhookInvalid</c> when the value is not an absolute http(s) URL (the value itself
    /// is never repeated in the message).</exception>
    public static WebhookTarget Resolve(string? uri, string? environmentVariable, NotificationFormat? format, Func<string, string?>? environment = null)
    {
        var value = uri;
        var source = "-Uri";
        if (string.IsNullOrWhiteSpace(value) && !string.IsNullOrWhiteSpace(environmentVariable))
        {
            value = (environment ?? System.Environment.GetEnvironmentVariable)(environmentVariable);
            source = $"environment variable {environmentVariable}";
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new JobFinderException(
                "NotificationWebhookMissing",
                ErrorKind.InvalidArgument,
                environmentVariable is null
                    ? "No webhook URL was given."
                    : $"The environment variable {environmentVariable} that should hold the webhook URL is not set.",
                environmentVariable);
        }

        return Parse(value.Trim(), source, format);
    }

    /// <summary>A target from a URL (see <see cref="Resolve"/> for the errors).</summary>
    public static WebhookTarget Parse(string uri, string source, NotificationFormat? format)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
        {
            throw new JobFinderException(
                "NotificationWebhookInvalid",
                ErrorKind.InvalidArgument,
                $"The webhook URL from {source} is not an absolute http or https URL (the value is not shown: webhook URLs carry a token).",
                source);
        }

        return new WebhookTarget(parsed, format ?? WebhookFormatInference.FromHost(parsed.Host));
    }
}
