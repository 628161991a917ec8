using System.Management.Automation;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Cmdlets.Bases;
using JobFinder.Ops.Cmdlets.Completers;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Commands;

/// <summary>Lists a project's backups, local and in the bucket, newest first.</summary>
/// <remarks>Help (Get-Help Get-JobFinderBackup): docs/help/Get-JobFinderBackup.md.</remarks>
[Cmdlet(VerbsCommon.Get, "JobFinderBackup", DefaultParameterSetName = PathSet, HelpUri = "https://github.com/jobfinder/JobFinder.Ops/blob/main/docs/BACKUP.md")]
[OutputType(typeof(BackupManifest))]
public sealed class GetJobFinderBackupCommand : JobFinderProjectCmdlet
{

    /// <summary>Backup ids to return; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(BackupIdCompleter))]
    public string[]? Id { get; set; }

    /// <summary>Return only the newest N backups.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Newest { get; set; }

    /// <summary>gs://bucket[/prefix] to list. Default: backup.bucket in jobfinder.ops.json.</summary>
    [Parameter]
    [ValidatePattern("^gs://[a-z0-9][a-z0-9._-]{1,220}(/.*)?$")]
    public string? Destination { get; set; }

    /// <summary>Local backups folder. Default: backups under the repository.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LocalPath { get; set; }

    /// <summary>List only the local copies; no call to Cloud Storage.</summary>
    [Parameter]
    public SwitchParameter LocalOnly { get; set; }

    protected override void ProcessRecordCore()
    {
        var project = ResolveSelectedProject();
        var destination = LocalOnly ? null : BackupDestination.Parse(Destination ?? project.Settings.Backup.Bucket);
        var localRoot = LocalPath is null ? System.IO.Path.Combine(project.RootPath, "backups") : GetUnresolvedProviderPathFromPSPath(LocalPath);
        var backups = destination is null
            ? RunEngine((events, token) => BackupService.ListLocalAsync(project.ProjectId, localRoot, events, token))
            : RunConnected((client, token) => new BackupService(client).ListAsync(project.ProjectId, destination, localRoot, token));
        var patterns = Id?.Select(i => new WildcardPattern(i, WildcardOptions.IgnoreCase)).ToArray();
        var selected = backups.Where(b => patterns is null || patterns.Any(p => p.IsMatch(b.Id)));
        if (Newest > 0)
        {
            selected = selected.Take(Newest);
        }

        WriteObject(selected, enumerateCollection: true);
    }
}
