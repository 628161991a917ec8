using System.Text.Json.Nodes;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Storage;

internal sealed class StorageBucket
{
    public required string Name { get; init; }
    public required string ProjectId { get; init; }
    public required DateTimeOffset TimeCreated { get; init; }
    public DateTimeOffset Updated { get; set; }
    public long Metageneration { get; set; } = 1;
    public string Location { get; set; } = "US";
    public string StorageClass { get; set; } = "STANDARD";

    /// <summary>Client-supplied settings we keep and echo (labels, versioning, lifecycle, ...).</summary>
    public JsonObject Settings { get; set; } = [];
}

internal sealed class StorageObject
{
    public required string Bucket { get; init; }
    public required string Name { get; init; }
    public required long Generation { get; init; }
    public long Metageneration { get; set; } = 1;
    public required string ContentType { get; init; }
    public required BlobInfo Blob { get; init; }
    public required DateTimeOffset TimeCreated { get; init; }
    public DateTimeOffset Updated { get; set; }
    public Dictionary<string, string> Metadata { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>GCS generation preconditions from the query string. <c>ifGenerationMatch=0</c> means "only if
/// no live object exists".</summary>
internal sealed record ObjectPreconditions(
    long? IfGenerationMatch = null,
    long? IfGenerationNotMatch = null,
    long? IfMetagenerationMatch = null,
    long? IfMetagenerationNotMatch = null)
{
    public static readonly ObjectPreconditions None = new();
}

internal sealed record ObjectListing(IReadOnlyList<StorageObject> Items, IReadOnlyList<string> Prefixes, string? NextPageToken);

/// <summary>Cloud Storage's errors. Storage answers in its older error shape
/// (<c>errors[]{domain, reason, message}</c>), so each carries the reason Google uses.</summary>
internal static class StorageErrors
{
    public static GoogleApiException NoSuchBucket() =>
        new(RpcCode.NotFound, "The specified bucket does not exist.", legacyReason: "notFound");

    public static GoogleApiException NoSuchObject(string bucket, string name) =>
        new(RpcCode.NotFound, $"No such object: {bucket}/{name}", legacyReason: "notFound");

    public static GoogleApiException PreconditionFailed() => GoogleErrors.PreconditionFailed();

    public static GoogleApiException BucketExists() =>
        new(RpcCode.AlreadyExists, "Your previous request to create the named bucket succeeded and you already own it.", legacyReason: "conflict");

    public static GoogleApiException BucketNotEmpty() =>
        new(RpcCode.FailedPrecondition, "The bucket you tried to delete is not empty.", httpStatus: StatusCodes.Status409Conflict, legacyReason: "conflict");

    public static GoogleApiException Invalid(string message) => new(RpcCode.InvalidArgument, message, legacyReason: "invalid");
}
