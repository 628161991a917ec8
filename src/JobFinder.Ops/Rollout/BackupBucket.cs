using JobFinder.Ops.Errors;

namespace JobFinder.Ops.Rollout;

/// <summary>The bucket part of <c>BackupSettings.Bucket</c> (<c>gs://bucket[/prefix]</c>): where the
/// deployment lock and the journal's bucket copy live (<c>jobfinder/deployments/</c> at the bucket root).</summary>
public static class BackupBucket
{
    public const string DeploymentsPrefix = "jobfinder/deployments/";

    public static string NameOf(string uri)
    {
        if (!uri.StartsWith("gs://", StringComparison.Ordinal) || uri.Length <= 5)
        {
            throw new JobFinderException("BackupBucketInvalid", ErrorKind.InvalidArgument, $"'{uri}' is not a gs://bucket URI.", uri);
        }

        var rest = uri[5..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? rest : rest[..slash];
    }
}
