namespace JobFinder.Ops.Notifications;

/// <summary>How a message should look: the colour or style each chat gives it.</summary>
public enum NotificationSeverity
{
    Info,
    Good,
    Warning,
    Danger,
}
