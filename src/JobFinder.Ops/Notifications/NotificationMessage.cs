using JobFinder.Ops.Model;

namespace JobFinder.Ops.Notifications;

/// <summary>A chat message independent of any chat's JSON: a title, a paragraph and labelled facts.
/// The payload builders turn it into Slack, Google Chat or Teams JSON. Text is plain (no markup):
/// each builder escapes it for its chat.</summary>
public sealed record NotificationMessage
{
    public required string Title { get; init; }

    public string Text { get; init; } = string.Empty;

    public IReadOnlyList<NotificationFact> Facts { get; init; } = [];

    public NotificationSeverity Severity { get; init; } = NotificationSeverity.Info;

    /// <summary>The deployment phase this message announces, or null for free text.</summary>
    public NotificationPhase? Phase { get; init; }

    /// <summary>A free-text message (<c>Send-JobFinderNotification -Message</c>).</summary>
    public static NotificationMessage FromText(string text, string? title = null) => new()
    {
        Title = title ?? "JobFinder.Ops",
        Text = text,
    };

    /// <summary>Title, text and facts as plain lines: the fallback text every chat shows in
    /// notifications and the whole message where cards are not rendered.</summary>
    public string ToPlainText()
    {
        var lines = new List<string> { Title };
        if (Text.Length > 0)
        {
            lines.Add(Text);
        }

        lines.AddRange(Facts.Select(f => $"{f.Label}: {f.Value}"));
        return string.Join('\n', lines);
    }
}
