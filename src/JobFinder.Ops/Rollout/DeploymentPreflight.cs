using JobFinder.Ops.Model;

namespace JobFinder.Ops.Rollout;

/// <summary>A deployment planned and checked but not started: what Invoke-JobFinderDeployment holds
/// while it asks for confirmation. By the time it exists every refusal has happened (parameters, the
/// plan with its rules compiled, the backup and staging gates, the rollback target, the smoke user's sign-in,
/// predeploy, the lock as it is now), so nobody answers Yes only to be refused. Dispose it to delete the packaged archives.</summary>
public sealed class DeploymentPreflight : IDisposable
{
    internal DeploymentPreflight(PreparedDeployment prepared, bool backupChecked, LockOwner? staleLock, CanarySmoke smoke)
    {
        Smoke = smoke;
        Prepared = prepared;
        BackupChecked = backupChecked;
        StaleLock = staleLock;
    }

    public DeploymentPlan Plan => Prepared.Plan;

    /// <summary>The holder of a stale lock that -Force allows breaking (the cmdlet asks first); null when the lock is free.</summary>
    public LockOwner? StaleLock { get; }

    /// <summary>False when the backup is still to come (-NewBackup): its gate then runs when the deployment starts.</summary>
    internal bool BackupChecked { get; }

    internal PreparedDeployment Prepared { get; }

    /// <summary>The smoke checks of the canary, with the smoke user already signed in (the preflight's gate).</summary>
    internal CanarySmoke Smoke { get; }

    public void Dispose() => DeploymentPlanner.TryDelete(Prepared.WorkDirectory);
}
