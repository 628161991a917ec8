namespace JobFinder.Ops.Rollout;

/// <summary>What the lock object holds: who deploys, which deployment, since when.</summary>
public sealed record LockOwner
{
    /// <summary><c>user@host</c>.</summary>
    public required string User { get; init; }

    public required int ProcessId { get; init; }

    public required string DeploymentId { get; init; }

    public required string ProjectId { get; init; }

    public required DateTimeOffset AcquiredAt { get; init; }

    public override string ToString() => $"{User} (pid {ProcessId}, deployment {DeploymentId}, since {AcquiredAt:u})";

    public static LockOwner Current(string deploymentId, string projectId) => new()
    {
        User = $"{Environment.UserName}@{Environment.MachineName}",
        ProcessId = Environment.ProcessId,
        DeploymentId = deploymentId,
        ProjectId = projectId,
        AcquiredAt = DateTimeOffset.UtcNow,
    };
}
