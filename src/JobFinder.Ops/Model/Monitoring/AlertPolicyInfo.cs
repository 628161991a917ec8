namespace JobFinder.Ops.Model;

/// <summary>A live alert policy as Get-JobFinderAlertPolicy lists it.</summary>
public sealed record AlertPolicyInfo
{
    public required string Name { get; init; }

    public required string DisplayName { get; init; }

    public required string ProjectId { get; init; }

    public bool Enabled { get; init; }

    /// <summary>True when the policy carries our <c>managed-by: jobfinder-ops</c> label.</summary>
    public bool Managed { get; init; }

    public string? Combiner { get; init; }

    public string? Severity { get; init; }

    /// <summary>One line per condition: its display name and kind, e.g. <c>5xx ratio above 5% (threshold)</c>.</summary>
    public IReadOnlyList<string> Conditions { get; init; } = [];

    /// <summary>Display names of the notification channels (resource names when a channel is gone).</summary>
    public IReadOnlyList<string> NotificationChannels { get; init; } = [];

    public IReadOnlyDictionary<string, string> UserLabels { get; init; } = new Dictionary<string, string>();

    public DateTimeOffset? Modified { get; init; }
}
