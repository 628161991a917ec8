using System.Management.Automation;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Imports a backup's Firestore export into the project's database (or another database): how Firestore data is rolled back.</summary>
/// <remarks>Help (Get-Help Restore-JobFinderBackup): docs/help/Restore-JobFinderBackup.md.</remarks>
[Cmdlet(VerbsData.Restore, "JobFinderBackup", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/ROLLBACK.md")]
[OutputType(typeof(BackupRestoreResult))]
public sealed class RestoreJobFinderBackupCommand : BackupManifestCmdlet
{
    /// <summary>The database to import into. Default: the database the backup was taken from.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Database { get; set; }

    /// <summary>Import only these collection groups (they must be in the export).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? CollectionId { get; set; }

    /// <summary>Import without asking for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecordCore()
    {
        var manifest = ResolveManifest();
        BackupService.EnsureRestorable(manifest); // refused before the question, not after a Yes
        var database = Database ?? manifest.FirestoreExport.Database;
        if (!manifest.IsVerified)
        {
            WriteWarning($"Backup {manifest.Id} is {manifest.Verification}; prove it with Test-JobFinderBackup -Restore before relying on it.");
        }

        var what = CollectionId is { Length: > 0 } ? $"collections {string.Join(", ", CollectionId)} of backup {manifest.Id}" : $"backup {manifest.Id}";
        if (!ShouldProcessWithForce($"projects/{manifest.ProjectId}/databases/{database}", $"Import {what} ({manifest.FirestoreExport.Documents} documents; documents with the same names are overwritten)", Force))
        {
            return;
        }

        var result = RunConnected((client, token) =>
            new BackupService(client).RestoreAsync(manifest, database, CollectionId, token));
        WriteObject(result);
    }
}
