using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Google.FirebaseStorage;

/// <summary>Cloud Storage for Firebase v1beta (<c>firebasestorage.googleapis.com/v1beta</c>), read-only: which
/// bucket is the project's default bucket. Firebase names default buckets <c>&lt;project&gt;.appspot.com</c> in
/// projects made before 30 October 2024 and <c>&lt;project&gt;.firebasestorage.app</c> since, so the name is
/// asked, never guessed (firebase-tools asks the same, lib/gcp/storage.js getDefaultBucket).</summary>
public sealed class FirebaseStorageApi(GoogleRestClient client) : GoogleApiBase(client, GoogleService.FirebaseStorage, "v1beta")
{
    private static GoogleJsonContext Types => GoogleJsonContext.Default;

    /// <summary>The default bucket; 404 when the project has none (Storage not set up in Firebase).</summary>
    public Task<DefaultBucket> GetDefaultBucketAsync(string project, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, PathOf($"projects/{project}", "/defaultBucket"), RetryPolicy.Read, Types.DefaultBucket, $"projects/{project}/defaultBucket", cancellationToken);
}

/// <summary>firebasestorage-v1beta.json DefaultBucket.</summary>
public sealed record DefaultBucket
{
    public string? Name { get; init; }

    public string? Location { get; init; }

    public string? StorageClass { get; init; }

    public LinkedBucket? Bucket { get; init; }

    /// <summary>The Cloud Storage bucket name: the last segment of <c>bucket.name</c>
    /// (<c>projects/P/buckets/BUCKET</c>).</summary>
    public string? BucketId => Bucket?.Name?.Split('/')[^1];
}

/// <summary>firebasestorage-v1beta.json Bucket: a bucket linked to a Firebase project.</summary>
public sealed record LinkedBucket
{
    public string? Name { get; init; }
}
