using System.Management.Automation;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Proves a backup: checks every artifact against its SHA-256 and the export's state, and with -Restore imports it into a scratch database and compares it with what the backup recorded when it was taken.</summary>
/// <remarks>
/// <para>Test-JobFinderBackup follows dbatools' Test-DbaLastBackup. It checks each artifact of the manifest against the SHA-256 recorded when it was written, both the local copy and the bucket copy (streamed, so large files do not fill memory), that the Firestore export operation succeeded, and that every object the export wrote is still in the bucket with the size and CRC32C it had.</para>
/// <para>With -Restore it then creates a scratch Firestore database, imports the export into it, compares the document count of every collection group with the count the backup recorded when it was taken (in its manifest, read at the export's snapshot time when the export has one) and the sampled documents' field hashes recorded with it, and deletes the scratch database whatever happened. The live database is never the reference: it keeps changing after the backup, so writes made since never fail a check.</para>
/// <para>A backup taken before backups recorded their contents has nothing of its own to compare with: -Restore proves that its export imports, reports the comparison Skipped and writes a warning; take a new backup for a full check.</para>
/// <para>It emits one BackupCheckResult per check as it is made, writes a non-terminating error for each failed check with its ErrorId (BackupArtifactHashMismatch, BackupArtifactMissing, FirestoreExportFailed, BackupRestoreCountMismatch...), and records the outcome in the manifest (locally and in the bucket): RestoreVerified, HashesVerified, or Failed, which no deployment gate accepts. -PassThru also emits the updated BackupManifest.</para>
/// </remarks>
/// <example>
/// <code>Get-JobFinderBackup -Environment production -Newest 1 | Test-JobFinderBackup -Restore</code>
/// <para>Restores the latest production backup into a scratch database and reports each check.</para>
/// </example>
/// <example>
/// <code>Test-JobFinderBackup -Path ./backups/20261126T221500Z-production-1a2b3c</code>
/// <para>Checks the hashes of a backup from its local folder.</para>
/// </example>
/// <example>
/// <code>$backup = Backup-JobFinderProduction -Environment production | Test-JobFinderBackup -Restore -PassThru | Select-Object -Last 1</code>
/// <para>Takes a backup, proves it restores, and keeps the verified manifest for the deployment.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "JobFinderBackup", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low,
    HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/BACKUP.md")]
[OutputType(typeof(BackupCheckResult), typeof(BackupManifest))]
public sealed class TestJobFinderBackupCommand : BackupManifestCmdlet
{
    /// <summary>Also import the export into a scratch database, compare counts per collection and sampled documents, then delete it.</summary>
    [Parameter]
    public SwitchParameter Restore { get; set; }

    /// <summary>At most this many of the documents the backup sampled per top-level collection (20 when it was taken) are compared field by field with -Restore. Default 20.</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int SampleSize { get; set; } = 20;

    /// <summary>Id of the scratch database -Restore creates and deletes. Default: restore-check-&lt;random&gt;.</summary>
    [Parameter]
    [ValidatePattern("^[a-z][a-z0-9-]{2,61}[a-z0-9]$")]
    public string? ScratchDatabase { get; set; }

    /// <summary>Also emit the manifest with its new verification status, after the checks.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordCore()
    {
        var manifest = ResolveManifest();
        var action = Restore
            ? "Verify hashes, restore into a scratch database and compare, then record the result in the manifest"
            : "Verify hashes and the export, then record the result in the manifest";
        if (!ShouldProcess(manifest.Id, action))
        {
            return;
        }

        var options = new BackupVerifyOptions { Restore = Restore, SampleSize = SampleSize, ScratchDatabase = ScratchDatabase };
        var verification = RunConnected((client, token) =>
            new BackupService(client).VerifyAsync(manifest, options, token));
        foreach (var check in verification.Checks)
        {
            WriteObject(check);
            if (check.Status == BackupCheckStatus.Failed)
            {
                WriteNonTerminating(BackupCheckErrors.ToException(check), check.Target);
            }
        }

        if (PassThru)
        {
            WriteObject(verification.Manifest);
        }
    }
}
