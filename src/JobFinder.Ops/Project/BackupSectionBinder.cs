using JobFinder.Ops.Model;

namespace JobFinder.Ops.Project;

/// <summary>Applies a <c>backup</c> section. The bucket must be a <c>gs://</c> URI.</summary>
internal static class BackupSectionBinder
{
    public static BackupSettings Apply(BackupSettings current, JsonSection section)
    {
        section.EnsureKnown("bucket", "maxAge", "retentionDays", "collectionIds");
        var bucket = section.NonEmpty("bucket");
        if (bucket is not null && (!bucket.StartsWith("gs://", StringComparison.Ordinal) || bucket.Length <= "gs://".Length))
        {
            throw section.Property("bucket")!.Value.Error($"backup.bucket must be a Cloud Storage URI like gs://my-project-backups, not '{bucket}'.");
        }

        return current with
        {
            Bucket = bucket?.TrimEnd('/') ?? current.Bucket,
            MaxAge = section.Duration("maxAge") ?? current.MaxAge,
            RetentionDays = section.IntRange("retentionDays", 1, 36_500) ?? current.RetentionDays,
            CollectionIds = section.Strings("collectionIds") ?? current.CollectionIds,
        };
    }
}
