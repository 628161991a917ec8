using JobFinder.Ops.Backup;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Google;
using JobFinder.Ops.Model;

namespace JobFinder.Ops.Undo;

/// <summary>Finds the backup a deployment recorded (its <c>BackupId</c>): the local copy under the
/// repository's <c>backups/</c> folder first (it has the artifacts on disk), else the manifest in the
/// project's backup bucket.</summary>
internal static class BackupLocator
{
    public static async Task<BackupManifest> FindAsync(GoogleRestClient client, JobFinderProject project, string backupId, CancellationToken cancellationToken)
    {
        var service = new BackupService(client);
        var local = Path.Combine(project.RootPath, "backups", backupId);
        if (File.Exists(Path.Combine(local, BackupDestination.ManifestFileName)))
        {
            return await service.ReadManifestAsync(local, cancellationToken).ConfigureAwait(false);
        }

        var destination = BackupDestination.Parse(project.Settings.Backup.Bucket);
        try
        {
            return await service.ReadManifestAsync(destination.FolderUriOf(backupId), cancellationToken).ConfigureAwait(false);
        }
        catch (JobFinderException ex) when (ex.ErrorId == "BackupManifestNotFound")
        {
            throw new JobFinderException("UndoBackupNotFound", ErrorKind.ObjectNotFound,
                $"Backup {backupId} (recorded by the deployment) is neither in {local} nor in {destination.FolderUriOf(backupId)}; functions the deployment deleted cannot be recreated without it.", backupId, ex)
            { RecommendedAction = "Pass the backup with -Backup (Get-JobFinderBackup), or recreate the function by deploying its source." };
        }
    }
}
