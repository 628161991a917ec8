using System.Text.Json.Nodes;

namespace JobFinder.Ops.Notifications;

/// <summary>Microsoft Teams webhook JSON: a <c>message</c> with one Adaptive Card (1.4) attachment,
/// the shape both Teams Workflows webhooks and the older connector webhooks accept: a title TextBlock
/// coloured by severity, the paragraph, and a FactSet.</summary>
public static class TeamsPayload
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public static JsonObject Build(NotificationMessage message)
    {
        var body = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = NotificationText.WithIcon(message),
                ["weight"] = "Bolder",
                ["size"] = "Medium",
                ["wrap"] = true,
                ["color"] = Color(message.Severity),
            },
        };
        if (message.Text.Length > 0)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = message.Text, ["wrap"] = true });
        }

        if (message.Facts.Count > 0)
        {
            var facts = new JsonArray();
            foreach (var fact in message.Facts)
            {
                facts.Add(new JsonObject { ["title"] = fact.Label, ["value"] = fact.Value });
            }

            body.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = facts });
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["summary"] = message.Title,
            ["attachments"] = new JsonArray
            {
                new JsonObject
                {
                    ["contentType"] = AdaptiveCardContentType,
                    ["content"] = new JsonObject
                    {
                        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                        ["type"] = "AdaptiveCard",
                        ["version"] = "1.4",
                        ["body"] = body,
                    },
                },
            },
        };
    }

    private static string Color(NotificationSeverity severity) => severity switch
    {
        NotificationSeverity.Good => "Good",
        NotificationSeverity.Warning => "Warning",
        NotificationSeverity.Danger => "Attention",
        _ => "Default",
    };
}
