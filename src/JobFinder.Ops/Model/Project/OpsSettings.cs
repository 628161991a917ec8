namespace JobFinder.Ops.Model;

/// <summary>What Firebase has no place for, from <c>jobfinder.ops.json</c>, already resolved for one
/// environment (the file's top-level sections, overridden by <c>environments.&lt;alias or projectId&gt;</c>).
/// Every value has a documented default, so a repository without the file still works.</summary>
public sealed record OpsSettings
{
    /// <summary>Default region of functions. Default <c>us-central1</c> (firebase-tools' default).</summary>
    public string Region { get; init; } = DefaultRegion;

    public required BackupSettings Backup { get; init; }

    public RolloutSettings Rollout { get; init; } = new();

    public AnalysisThresholds Analysis { get; init; } = new();

    public SmokeSettings Smoke { get; init; } = new();

    public MonitoringSettings Monitoring { get; init; } = new();

    public const string DefaultRegion = "us-central1";
}
