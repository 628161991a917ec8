namespace JobFinder.Ops.Model;

/// <summary>A Cloud Monitoring notification channel (labels, which can carry addresses or tokens, are
/// left out).</summary>
public sealed record LiveNotificationChannel
{
    public required string Name { get; init; }

    public string? Type { get; init; }

    public string? DisplayName { get; init; }

    public bool Enabled { get; init; }
}
