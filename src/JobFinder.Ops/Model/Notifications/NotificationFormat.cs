namespace JobFinder.Ops.Model;

/// <summary>The JSON a chat webhook expects. Inferred from the webhook's host when not given.</summary>
public enum NotificationFormat
{
    /// <summary>Slack incoming webhook: <c>{"text", "blocks"}</c> (also Mattermost, Rocket.Chat and
    /// Discord's <c>/slack</c> endpoint, which accept the same shape).</summary>
    Slack,
    /// <summary>Google Chat space webhook: <c>{"text", "cardsV2"}</c>.</summary>
    GoogleChat,
    /// <summary>Microsoft Teams (Workflows or connector webhook): a message with an Adaptive Card attachment.</summary>
    Teams,
}
