using System.Text.Json.Nodes;

namespace JobFinder.Ops.Notifications;

/// <summary>Slack incoming-webhook JSON: <c>text</c> (the notification fallback) and Block Kit
/// <c>blocks</c> (header, section, fields). Slack's limits are applied: header 150 characters, section
/// text 3000, at most 10 fields a section, field text 2000. Text is escaped for mrkdwn
/// (<c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>), so a function name can never turn into a link or mention.</summary>
public static class SlackPayload
{
    private const int HeaderLimit = 150;
    private const int SectionLimit = 3000;
    private const int FieldLimit = 2000;
    private const int FieldsPerSection = 10;

    public static JsonObject Build(NotificationMessage message)
    {
        var title = NotificationText.WithIcon(message);
        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = NotificationText.Truncate(title, HeaderLimit), ["emoji"] = true },
            },
        };
        if (message.Text.Length > 0)
        {
            blocks.Add(Section(NotificationText.Truncate(Escape(message.Text), SectionLimit)));
        }

        foreach (var chunk in message.Facts.Chunk(FieldsPerSection))
        {
            var fields = new JsonArray();
            foreach (var fact in chunk)
            {
                fields.Add(new JsonObject { ["type"] = "mrkdwn", ["text"] = NotificationText.Truncate($"*{Escape(fact.Label)}*\n{Escape(fact.Value)}", FieldLimit) });
            }

            blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
        }

        return new JsonObject
        {
            ["text"] = Escape(title + (message.Text.Length > 0 ? ": " + message.Text : string.Empty)),
            ["blocks"] = blocks,
        };
    }

    /// <summary>Slack's three control characters in mrkdwn and plain text.</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static JsonObject Section(string mrkdwn) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn },
    };
}
