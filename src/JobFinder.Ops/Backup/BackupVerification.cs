using JobFinder.Ops.Model;

namespace JobFinder.Ops.Backup;

/// <summary>The checks a verification made and the manifest with its new status.</summary>
public sealed record BackupVerification(BackupManifest Manifest, IReadOnlyList<BackupCheckResult> Checks)
{
    public bool Passed => Checks.All(c => c.Status != BackupCheckStatus.Failed);
}
