using System.Net;
using System.Text.Json.Nodes;

namespace JobFinder.Ops.Notifications;

/// <summary>Google Chat webhook JSON: <c>text</c> (shown in notifications and where cards are not
/// rendered) and one <c>cardsV2</c> card with a header, the paragraph and a decoratedText widget per fact.
/// Card text is Google Chat's HTML subset, so it is HTML-encoded.</summary>
public static class GoogleChatPayload
{
    public static JsonObject Build(NotificationMessage message)
    {
        var widgets = new JsonArray();
        if (message.Text.Length > 0)
        {
            widgets.Add(new JsonObject { ["textParagraph"] = new JsonObject { ["text"] = WebUtility.HtmlEncode(message.Text) } });
        }

        foreach (var fact in message.Facts)
        {
            widgets.Add(new JsonObject
            {
                ["decoratedText"] = new JsonObject
                {
                    ["topLabel"] = WebUtility.HtmlEncode(fact.Label),
                    ["text"] = WebUtility.HtmlEncode(fact.Value),
                    ["wrapText"] = true,
                },
            });
        }

        return new JsonObject
        {
            ["text"] = NotificationText.WithIcon(message),
            ["cardsV2"] = new JsonArray
            {
                new JsonObject
                {
                    ["cardId"] = "jobfinder-" + (message.Phase?.ToString().ToLowerInvariant() ?? "message"),
                    ["card"] = new JsonObject
                    {
                        ["header"] = new JsonObject { ["title"] = WebUtility.HtmlEncode(message.Title), ["subtitle"] = "JobFinder.Ops" },
                        ["sections"] = new JsonArray { new JsonObject { ["widgets"] = widgets } },
                    },
                },
            },
        };
    }
}
