namespace JobFinder.Ops.Model;

public enum BackupCheckStatus
{
    Passed,
    Failed,
    Skipped,
}
