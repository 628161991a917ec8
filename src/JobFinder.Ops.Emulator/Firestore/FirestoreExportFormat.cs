using System.Globalization;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Firestore;

/// <summary>Object names of the emulator's export layout (documented in the emulator README):
/// <code>
/// PREFIX/PREFIX_LAST.overall_export_metadata                        overall manifest (JSON)
/// PREFIX/all_namespaces/kind_COLLECTION/all_namespaces_kind_COLLECTION.export_metadata  per collection (JSON)
/// PREFIX/all_namespaces/kind_COLLECTION/output-N                    documents, one JSON object per line
/// </code>
/// The folder names mirror Google's managed export so tools that look for them find them; the file
/// contents are the emulator's own (Google writes LevelDB records, which no client reads directly).</summary>
internal static class FirestoreExportFormat
{
    public const string FormatName = "jobfinder-emulator/firestore-export";
    public const int Version = 1;

    /// <summary>Documents per output file; bounds the size of each object.</summary>
    public const int DocumentsPerOutput = 10_000;

    public static (string Bucket, string Prefix) ParseGcsUri(string? uri, string field)
    {
        if (string.IsNullOrEmpty(uri) || !uri.StartsWith("gs://", StringComparison.Ordinal) || uri.Length <= 5)
        {
            throw GoogleErrors.InvalidArgument($"Invalid {field}: \"{uri}\". It must be of the form gs://BUCKET_NAME[/NAMESPACE_PATH].",
                [(field, "must start with gs://")]);
        }
        var rest = uri[5..].TrimEnd('/');
        var slash = rest.IndexOf('/');
        return slash < 0 ? (rest, string.Empty) : (rest[..slash], rest[(slash + 1)..]);
    }

    /// <summary>Google's generated prefix for a bucket-only URI: the start time, e.g. <c>2026-01-05T09:00:00_12345</c>.</summary>
    public static string GeneratedPrefix(DateTimeOffset start) =>
        start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "_" +
        (start.UtcTicks / TimeSpan.TicksPerMillisecond % 100_000).ToString("D5", CultureInfo.InvariantCulture);

    public static string OverallMetadata(string prefix) => $"{prefix}/{LastSegment(prefix)}.overall_export_metadata";

    public static string KindFolder(string prefix, string collectionId) => $"{prefix}/all_namespaces/kind_{collectionId}";

    public static string KindMetadata(string prefix, string collectionId) =>
        $"{KindFolder(prefix, collectionId)}/all_namespaces_kind_{collectionId}.export_metadata";

    public static string Output(string prefix, string collectionId, int index) =>
        $"{KindFolder(prefix, collectionId)}/output-{index.ToString(CultureInfo.InvariantCulture)}";

    private static string LastSegment(string prefix) => prefix[(prefix.LastIndexOf('/') + 1)..];
}
