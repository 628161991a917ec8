using JobFinder.Ops.Model;

namespace JobFinder.Ops.Notifications;

/// <summary>Which JSON a webhook host expects. Teams webhooks live on Office, Logic Apps and Power
/// Platform hosts (connectors on <c>*.webhook.office.com</c> / <c>outlook.office.com</c>, Workflows on
/// <c>*.logic.azure.com</c> and <c>*.environment.api.powerplatform.com</c>); Google Chat on
/// <c>chat.googleapis.com</c>. Anything else gets Slack's shape, which most chat tools accept.</summary>
public static class WebhookFormatInference
{
    private static readonly string[] s_teamsSuffixes =
    [
        ".webhook.office.com", "outlook.office.com", "outlook.office365.com", ".logic.azure.com", ".api.powerplatform.com",
    ];

    public static NotificationFormat FromHost(string host)
    {
        var h = host.ToLowerInvariant();
        if (h == "chat.googleapis.com")
        {
            return NotificationFormat.GoogleChat;
        }

        return s_teamsSuffixes.Any(suffix => h == suffix.TrimStart('.') || h.EndsWith(suffix, StringComparison.Ordinal))
            ? NotificationFormat.Teams
            : NotificationFormat.Slack;
    }
}
