using System.Management.Automation;
using JobFinder.Ops.Backup;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Cmdlets.Bases;

/// <summary>
/// Base for the cmdlets that act on one backup (Test-JobFinderBackup, Restore-JobFinderBackup): the
/// backup arrives piped as a BackupManifest (parameter set InputObject, the default) or is named by
/// -Path, a local folder or manifest.json, or a gs:// folder (parameter set Path).
/// </summary>
public abstract class BackupManifestCmdlet : JobFinderCloudCmdlet
{
    protected const string InputObjectSet = "InputObject";
    protected const string PathSet = "Path";

    /// <summary>The backup, as Backup-JobFinderProduction or Get-JobFinderBackup returns it.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = InputObjectSet, ValueFromPipeline = true, HelpMessage = "A BackupManifest")]
    public BackupManifest InputObject { get; set; } = null!;

    /// <summary>A backup's local folder or manifest.json, or its bucket folder (gs://bucket/prefix/&lt;id&gt;).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet, HelpMessage = "A backup folder, manifest.json or gs:// folder")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    /// <summary>The piped manifest, or the one read from -Path (a gs:// folder is read from the bucket).</summary>
    protected BackupManifest ResolveManifest()
    {
        if (ParameterSetName != PathSet)
        {
            return InputObject;
        }

        // A local backup is read without connecting: a missing folder is BackupManifestNotFound, not a
        // credentials error, and -WhatIf on a local backup needs no Google access at all.
        if (!Path.StartsWith("gs://", StringComparison.Ordinal))
        {
            var local = GetUnresolvedProviderPathFromPSPath(Path);
            return RunEngine((_, token) => BackupService.ReadLocalManifestAsync(local, token));
        }

        return RunConnected((client, token) =>
            new BackupService(client).ReadManifestAsync(Path, token));
    }
}
