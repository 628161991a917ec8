using System.Management.Automation;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Proves a backup: checks every artifact against its SHA-256 and the export's state, and with -Restore imports it into a scratch database and compares it with what the backup recorded when it was taken.</summary>
/// <remarks>Help (Get-Help Test-JobFinderBackup): docs/help/Test-JobFinderBackup.md.</remarks>
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
