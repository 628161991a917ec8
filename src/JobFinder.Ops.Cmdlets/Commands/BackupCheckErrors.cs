using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Turns a failed backup check into the error a cmdlet writes, keeping the check's ErrorId
/// (BackupArtifactHashMismatch, BackupArtifactMissing, FirestoreExportFailed...).</summary>
internal static class BackupCheckErrors
{
    public static JobFinderException ToException(BackupCheckResult check)
    {
        var errorId = check.ErrorId ?? "BackupVerificationFailed";
        var kind = errorId switch
        {
            "BackupArtifactMissing" => ErrorKind.ObjectNotFound,
            "BackupArtifactHashMismatch" or "BackupRestoreCountMismatch" or "BackupRestoreDocumentMismatch" => ErrorKind.InvalidData,
            _ => ErrorKind.InvalidOperation,
        };
        return new JobFinderException(errorId, kind, $"Backup {check.BackupId}: {check.Check} {check.Target} failed: {check.Message}", check.Target);
    }
}
