namespace JobFinder.Ops.Notifications;

/// <summary>Text helpers the payload builders share.</summary>
internal static class NotificationText
{
    /// <summary>The title with a marker for its severity, so a failure stands out in a busy channel.</summary>
    public static string WithIcon(NotificationMessage message) => message.Severity switch
    {
        NotificationSeverity.Good => "\u2705 " + message.Title,
        NotificationSeverity.Warning => "\u26A0\uFE0F " + message.Title,
        NotificationSeverity.Danger => "\u274C " + message.Title,
        _ => message.Title,
    };

    /// <summary>Cuts <paramref name="text"/> to <paramref name="limit"/> characters with an ellipsis
    /// (chats reject a whole message when one field is too long).</summary>
    public static string Truncate(string text, int limit) =>
        text.Length <= limit ? text : string.Concat(text.AsSpan(0, limit - 1), "\u2026");
}
