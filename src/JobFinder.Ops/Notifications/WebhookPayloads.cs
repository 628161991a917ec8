using System.Text.Json.Nodes;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Notifications;

/// <summary>The JSON for a message in the chosen format.</summary>
public static class WebhookPayloads
{
    public static JsonObject Build(NotificationFormat format, NotificationMessage message) => format switch
    {
        NotificationFormat.GoogleChat => GoogleChatPayload.Build(message),
        NotificationFormat.Teams => TeamsPayload.Build(message),
        _ => SlackPayload.Build(message),
    };
}
