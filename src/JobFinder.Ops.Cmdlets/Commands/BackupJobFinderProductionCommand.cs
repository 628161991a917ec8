using System.Globalization;
using System.Management.Automation;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Backs up a project before a release: a Firestore export plus a snapshot of everything live, with a SHA-256 per artifact, stored in the backup bucket and locally.</summary>
/// <remarks>
/// <para>Backup-JobFinderProduction starts a Firestore managed export (exportDocuments) into the backup bucket under the folder of a new, time-sortable backup id (for example 20261126T221500Z-production-1a2b3c), at a consistent snapshot time when the database keeps one, and waits for it with progress from the operation's metadata (documents and bytes).</para>
/// <para>While the export runs it reads what is live from the APIs, not from local files: every function's configuration, its Cloud Run service, the revision serving traffic and the full traffic split with tags; the released Firestore and Storage rulesets with their source; Firestore indexes and field overrides; alert policies and notification channels. Each part is written as a JSON artifact to the local folder (default ./backups/&lt;id&gt;/ under the repository) and to the bucket, and its SHA-256 is recorded in manifest.json, which is also written to both places. Environment variable values appear only in the function configuration artifacts, never in the manifest, the output or any stream.</para>
/// <para>When the export has finished it records what the export holds in the manifest (Contents): the document count of every collection group and the field hashes of the first 20 documents of each top-level collection, read at the export's snapshot time when it has one (otherwise right after the export). Test-JobFinderBackup -Restore compares a restored copy with these, never with the live database.</para>
/// <para>The output is a BackupManifest: the rollback point Invoke-JobFinderDeployment takes from the pipeline. A new backup is Unverified; -Verify checks every artifact against its hash locally and in the bucket, the export's state and its objects, and marks it HashesVerified (or Failed); it restores nothing. Test-JobFinderBackup -Restore proves it restores.</para>
/// <para>-RetentionDays removes, after the new backup is written, backups of this project older than that many days from the bucket: only folders whose manifest.json is ours, only the objects that manifest lists, never the newest verified backup; each removal goes through ShouldProcess.</para>
/// <para>Errors: BackupBucketNotFound when the bucket does not exist, GoogleApiPermissionDenied when the credentials may not export or write, FirestoreExportFailed when the export operation fails (the manifest is saved marked Failed, so no deployment gate accepts it).</para>
/// </remarks>
/// <example>
/// <code>Backup-JobFinderProduction -Environment production -Verify</code>
/// <para>Exports production's Firestore and snapshots its live state into gs://&lt;project&gt;-backups, then verifies every hash.</para>
/// </example>
/// <example>
/// <code>Backup-JobFinderProduction -Environment production -Destination gs://acme-backups/jobfinder -CollectionId jobs,users -RetentionDays 30</code>
/// <para>Exports two collections to another bucket and removes this project's backups there that are older than 30 days.</para>
/// </example>
/// <example>
/// <code>Backup-JobFinderProduction -Environment production -Verify | Invoke-JobFinderDeployment -Environment production</code>
/// <para>Takes a verified backup and hands it to the deployment as its rollback point.</para>
/// </example>
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

    /// <summary>Check every artifact's hash (local and bucket), the export state and its objects right after the backup (no restore: that is Test-JobFinderBackup -Restore).</summary>
    [Parameter]
    public SwitchParameter Verify { get; set; }

    /// <summary>Remove this project's backups older than this many days from the bucket (ours only; never the newest verified one).</summary>
    [Parameter]
    [ValidateRange(1, 3650)]
    public int RetentionDays { get; set; }

    protected override void ProcessRecordCore()
    {
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
                return Verify
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
