namespace JobFinder.Ops.Model;

/// <summary>What is live in a project, read from the APIs (never from local files): functions with
/// their Cloud Run traffic, released rulesets, Firestore indexes and field overrides, alert policies and
/// notification channels. Safe to print: environment variable values are left out (each function carries
/// a hash of its full config instead, so a changed value still shows as a difference). Compare two with
/// <c>LiveSnapshotComparer.Compare</c>.</summary>
public sealed record LiveSnapshot
{
    public required string ProjectId { get; init; }

    public required DateTimeOffset TakenAt { get; init; }

    public IReadOnlyList<LiveFunction> Functions { get; init; } = [];

    public IReadOnlyList<LiveRulesRelease> RulesReleases { get; init; } = [];

    public IReadOnlyList<LiveIndex> Indexes { get; init; } = [];

    public IReadOnlyList<LiveFieldOverride> FieldOverrides { get; init; } = [];

    public IReadOnlyList<LiveAlertPolicy> AlertPolicies { get; init; } = [];

    public IReadOnlyList<LiveNotificationChannel> NotificationChannels { get; init; } = [];
}
