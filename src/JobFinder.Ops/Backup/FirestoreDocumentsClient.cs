using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobFinder.Ops.Errors;
using JobFinder.Ops.Google;
using JobFinder.Ops.Google.Firestore;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Backup;

/// <summary>The few Firestore document reads a restore check needs (<c>firestore.googleapis.com/v1</c>
/// documents): top-level collection ids, a page of a collection, one document, and a count, each
/// optionally at a past <c>readTime</c> so the source is read as of the export's snapshot. Documents
/// stay raw JSON: they are only compared, never interpreted.</summary>
internal sealed class FirestoreDocumentsClient(GoogleRestClient client) : GoogleApiBase(client, GoogleService.Firestore, "v1")
{
    private static BackupJsonContext Types => BackupJsonContext.Default;

    public async Task<IReadOnlyList<string>> ListCollectionIdsAsync(DatabaseName database, DateTimeOffset? readTime, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        string? pageToken = null;
        do
        {
            var body = new JsonObject { ["pageSize"] = 300 };
            if (pageToken is not null)
            {
                body["pageToken"] = pageToken;
            }

            AddReadTime(body, readTime);
            var page = await SendAsync(HttpMethod.Post, PathOf(Root(database), ":listCollectionIds"), RetryPolicy.Read, Types.JsonElement, Root(database), cancellationToken,
                body: Json(body, Types.JsonObject)).ConfigureAwait(false);
            if (page.TryGetProperty("collectionIds", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                ids.AddRange(list.EnumerateArray().Select(e => e.GetString()).OfType<string>());
            }

            pageToken = page.TryGetProperty("nextPageToken", out var next) && next.GetString() is { Length: > 0 } token ? token : null;
        }
        while (pageToken is not null);
        return ids;
    }

    /// <summary>The first <paramref name="pageSize"/> documents of a top-level collection, in name order.</summary>
    public async Task<IReadOnlyList<JsonElement>> ListDocumentsAsync(DatabaseName database, string collectionId, int pageSize, DateTimeOffset? readTime, CancellationToken cancellationToken)
    {
        var parent = $"{Root(database)}/{collectionId}";
        var page = await SendAsync(HttpMethod.Get, PathOf(parent), RetryPolicy.Read, Types.JsonElement, parent, cancellationToken,
            new QueryBuilder().Add("pageSize", pageSize).Add("readTime", readTime is { } time ? Timestamp(time) : null)).ConfigureAwait(false);
        return page.TryGetProperty("documents", out var documents) && documents.ValueKind == JsonValueKind.Array
            ? [.. documents.EnumerateArray().Select(d => d.Clone())]
            : [];
    }

    /// <summary>One document by its full name, or null when it does not exist.</summary>
    public async Task<JsonElement?> GetDocumentAsync(string documentName, DateTimeOffset? readTime, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(HttpMethod.Get, PathOf(documentName), RetryPolicy.Read, Types.JsonElement, documentName, cancellationToken,
                new QueryBuilder().Add("readTime", readTime is { } time ? Timestamp(time) : null)).ConfigureAwait(false);
        }
        catch (JobFinderException ex) when (ex.ErrorId == "GoogleApiNotFound")
        {
            return null;
        }
    }

    /// <summary>Documents in every collection of this id at any depth (a collection-group COUNT).</summary>
    public async Task<long> CountAsync(DatabaseName database, string collectionId, DateTimeOffset? readTime, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["structuredAggregationQuery"] = new JsonObject
            {
                ["structuredQuery"] = new JsonObject { ["from"] = new JsonArray(new JsonObject { ["collectionId"] = collectionId, ["allDescendants"] = true }) },
                ["aggregations"] = new JsonArray(new JsonObject { ["alias"] = "count", ["count"] = new JsonObject() }),
            },
        };
        AddReadTime(body, readTime);
        var results = await SendAsync(HttpMethod.Post, PathOf(Root(database), ":runAggregationQuery"), RetryPolicy.Read, Types.JsonElement, Root(database), cancellationToken,
            body: Json(body, Types.JsonObject)).ConfigureAwait(false);
        foreach (var result in results.ValueKind == JsonValueKind.Array ? results.EnumerateArray() : Enumerable.Empty<JsonElement>())
        {
            if (result.TryGetProperty("result", out var r) && r.TryGetProperty("aggregateFields", out var fields) && fields.TryGetProperty("count", out var count)
                && count.TryGetProperty("integerValue", out var value)
                && long.TryParse(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }
        }

        throw new JobFinderException("GoogleApiResponseInvalid", ErrorKind.InvalidData, $"The count of '{collectionId}' in {database} came back without a result.", database.ToString());
    }

    private static string Root(DatabaseName database) => $"{database}/documents";

    private static void AddReadTime(JsonObject body, DateTimeOffset? readTime)
    {
        if (readTime is { } time)
        {
            body["readTime"] = Timestamp(time);
        }
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
