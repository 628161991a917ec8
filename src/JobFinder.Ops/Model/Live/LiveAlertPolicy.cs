namespace JobFinder.Ops.Model;

/// <summary>A Cloud Monitoring alert policy as live; the full JSON is in the snapshot's artifact.</summary>
public sealed record LiveAlertPolicy
{
    public required string Name { get; init; }

    public required string DisplayName { get; init; }

    public bool Enabled { get; init; }

    public IReadOnlyList<string> Conditions { get; init; } = [];

    public IReadOnlyList<string> NotificationChannels { get; init; } = [];

    /// <summary>SHA-256 of the policy's definition (server-written records removed).</summary>
    public required string DefinitionSha256 { get; init; }
}
