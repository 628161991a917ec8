using System.Globalization;
using System.Management.Automation;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Backs up a project before a release: a Firestore export plus a snapshot of everything live, with a SHA-256 per artifact, stored in the backup bucket and locally.</summary>
/// <remarks>Help (Get-Help Backup-JobFinderProduction): docs/help/Backup-JobFinderProduction.md.</remarks>
[Cmdlet(VerbsData.Backup, "JobFinderProduction", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
    HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/BACKUP.md")]
[OutputType(typeof(BackupManifest))]
public sealed class BackupJobFinderProductionCommand : JobFinderProjectCmdlet
{

    /// <summary>gs://bucket[/prefix] to back up to. Default: backup.bucket in jobfinder.ops.json (gs://&lt;project&gt;-backups).</summary>
    [Parameter]
    [ValidatePattern("^gs://[a-z0-9][a-z0-9._-]{1,220}(/.*)?$")]
    public string? Destination { get; set; }

    /// <summary>Folder for the local copies; a backup goes to &lt;LocalPath&gt;/&lt;id&gt;/. Default: backups under the repository.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LocalPath { get; set; }

    /// <summary>Collection groups to export. Default: backup.collectionIds, or every collection.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? CollectionId { get; set; }

    /// <summary>The Firestore database to export. Default: (default).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Database { get; set; } = Google.Firestore.DatabaseName.Default;

    /// <summary>The default since verification became cheap enough to always run; kept so scripts written with it still run. Conflicts with -SkipVerify.</summary>
    [Parameter]
    public SwitchParameter Verify { get; set; }

    /// <summary>Skip the check that follows every backup by default (each artifact's hash, local and bucket, the export state and its objects): the backup stays Unverified, which no deployment gate accepts.</summary>
    [Parameter]
    public SwitchParameter SkipVerify { get; set; }

    /// <summary>Remove this project's backups older than this many days from the bucket (ours only; never the newest verified one).</summary>
    [Parameter]
    [ValidateRange(1, 3650)]
    public int RetentionDays { get; set; }

    protected override void ProcessRecordCore()
    {
        if (Verify && SkipVerify)
        {
            throw new JobFinderException("BackupVerifyConflict", ErrorKind.InvalidArgument, "-Verify and -SkipVerify contradict each other: verification is the default, so drop -Verify (or drop -SkipVerify to verify).", nameof(SkipVerify));
        }

        var project = ResolveSelectedProject();
        var destination = BackupDestination.Parse(Destination ?? project.Settings.Backup.Bucket);
        var request = new BackupRequest
        {
            ProjectId = project.ProjectId,
            Environment = project.Environment ?? project.ProjectId,
            Destination = destination,
            LocalRoot = LocalPath is null ? System.IO.Path.Combine(project.RootPath, "backups") : GetUnresolvedProviderPathFromPSPath(LocalPath),
            Database = Database,
            CollectionIds = CollectionId ?? [.. project.Settings.Backup.CollectionIds],
        };

        if (ShouldProcess(destination.ToString(), $"Export Firestore database {Database} of {project.ProjectId} and snapshot its live state"))
        {
            var (manifest, verification) = RunConnected(async (client, token) =>
            {
                var service = new BackupService(client);
                var created = await service.CreateAsync(request, token).ConfigureAwait(false);
                return !SkipVerify
                    ? (created, await service.VerifyAsync(created, new BackupVerifyOptions(), token).ConfigureAwait(false))
                    : (created, (BackupVerification?)null);
            });
            WriteObject(verification?.Manifest ?? manifest);
            foreach (var failed in verification?.Checks.Where(c => c.Status == BackupCheckStatus.Failed) ?? [])
            {
                WriteNonTerminating(BackupCheckErrors.ToException(failed), failed.Target);
            }
        }

        if (MyInvocation.BoundParameters.ContainsKey(nameof(RetentionDays)))
        {
            ApplyRetention(project.ProjectId, destination);
        }
    }

    private void ApplyRetention(string projectId, BackupDestination destination)
    {
        var expired = RunConnected((client, token) =>
            new BackupService(client)
                .FindExpiredAsync(projectId, destination, TimeSpan.FromDays(RetentionDays), token));
        foreach (var old in expired)
        {
            var age = string.Create(CultureInfo.InvariantCulture, $"{old.Age.TotalDays:0.#}");
            if (ShouldProcess(old.BucketUri, $"Delete backup {old.Id} ({age} days old, retention {RetentionDays} days)"))
            {
                RunConnected((client, token) =>
                    new BackupService(client).DeleteFromBucketAsync(old, token));
            }
        }
    }
}
