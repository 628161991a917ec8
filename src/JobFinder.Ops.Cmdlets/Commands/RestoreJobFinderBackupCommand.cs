using System.Management.Automation;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Imports a backup's Firestore export into the project's database (or another database): how Firestore data is rolled back.</summary>
/// <remarks>
/// <para>Restore-JobFinderBackup starts a Firestore managed import (importDocuments) of the backup's export and waits for it with progress. Documents in the export overwrite documents with the same names; documents created since the backup are left as they are. An undo of a deployment never does this: data is restored only on purpose, with this command.</para>
/// <para>It refuses (BackupNotRestorable) a backup whose export did not succeed, and warns about one that is not verified; prove a backup first with Test-JobFinderBackup -Restore. ConfirmImpact is High: a script needs -Force or -Confirm:$false, and -WhatIf shows what would be imported without any call that changes anything.</para>
/// <para>The output is a BackupRestoreResult: the database written, the import operation, documents and bytes imported, and the time it took.</para>
/// </remarks>
/// <example>
/// <code>Get-JobFinderBackup -Environment production -Newest 1 | Restore-JobFinderBackup -WhatIf</code>
/// <para>Shows what restoring the latest production backup would do.</para>
/// </example>
/// <example>
/// <code>Restore-JobFinderBackup -Path ./backups/20261126T221500Z-production-1a2b3c -CollectionId jobs -Force</code>
/// <para>Restores only the jobs collection from a backup's local folder without a prompt.</para>
/// </example>
/// <example>
/// <code>Get-JobFinderBackup -Environment production -Newest 1 | Restore-JobFinderBackup -Database restored-copy -Confirm:$false</code>
/// <para>Imports the backup into another (existing) database to inspect it next to production.</para>
/// </example>
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
