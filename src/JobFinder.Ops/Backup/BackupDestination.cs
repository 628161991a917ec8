using JobFinder.Ops.Google.Storage;

namespace JobFinder.Ops.Backup;

/// <summary>Where backups live in Cloud Storage: <c>gs://bucket[/prefix]</c>. Each backup is the folder
/// <c>prefix/&lt;id&gt;/</c> holding <c>manifest.json</c>, the snapshot artifacts and the Firestore
/// export under <c>firestore-export/</c>.</summary>
public sealed record BackupDestination(string Bucket, string Prefix)
{
    public const string ManifestFileName = "manifest.json";
    public const string ExportFolderName = "firestore-export";

    public static BackupDestination Parse(string uri)
    {
        var parsed = GcsUri.Parse(uri.TrimEnd('/'));
        return new BackupDestination(parsed.Bucket, parsed.ObjectName.Trim('/'));
    }

    /// <summary>Object-name prefix of one backup's folder, with a trailing slash.</summary>
    public string FolderOf(string backupId) => Prefix.Length == 0 ? $"{backupId}/" : $"{Prefix}/{backupId}/";

    /// <summary>Object-name prefix under which backup folders are listed.</summary>
    public string ListPrefix => Prefix.Length == 0 ? string.Empty : Prefix + "/";

    public string ObjectOf(string backupId, string artifactName) => FolderOf(backupId) + artifactName;

    public string ManifestObjectOf(string backupId) => ObjectOf(backupId, ManifestFileName);

    /// <summary><c>gs://bucket/prefix/&lt;id&gt;/firestore-export</c>: the export's outputUriPrefix.</summary>
    public string ExportUriOf(string backupId) => $"gs://{Bucket}/{FolderOf(backupId)}{ExportFolderName}";

    public string FolderUriOf(string backupId) => $"gs://{Bucket}/{FolderOf(backupId).TrimEnd('/')}";

    /// <summary>The destination a manifest's <c>BucketUri</c> (its folder) belongs to, and the backup id.</summary>
    public static (BackupDestination Destination, string BackupId) FromFolderUri(string folderUri)
    {
        var parsed = GcsUri.Parse(folderUri.TrimEnd('/'));
        var name = parsed.ObjectName;
        var slash = name.LastIndexOf('/');
        return slash < 0
            ? (new BackupDestination(parsed.Bucket, string.Empty), name)
            : (new BackupDestination(parsed.Bucket, name[..slash]), name[(slash + 1)..]);
    }

    public override string ToString() => Prefix.Length == 0 ? $"gs://{Bucket}" : $"gs://{Bucket}/{Prefix}";
}
