using JobFinder.Ops.Errors;
using JobFinder.Ops.Google.Json;
using JobFinder.Ops.Google.Operations;
using JobFinder.Ops.Google.Transport;

namespace JobFinder.Ops.Google.Firestore;

/// <summary>Firestore Admin v1 (<c>firestore.googleapis.com/v1</c>): databases, export/import,
/// operations, indexes, field overrides, plus a document count (an aggregation query) for verifying
/// backups. Retry choices: export and import start a new operation each time, so they are
/// <see cref="RetryPolicy.NonIdempotentWrite"/>; creating an index or a database names its result
/// (a repeat answers ALREADY_EXISTS), field patches and deletes state an end result, so those are
/// <see cref="RetryPolicy.IdempotentWrite"/>; the count query is a read.</summary>
public sealed class FirestoreAdminApi(GoogleRestClient client) : GoogleApiBase(client, GoogleService.Firestore, "v1")
{
    private static GoogleJsonContext Types => GoogleJsonContext.Default;

    public Task<FirestoreDatabase> GetDatabaseAsync(DatabaseName name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, PathOf(name.ToString()), RetryPolicy.Read, Types.FirestoreDatabase, name.ToString(), cancellationToken);

    public Task<ListDatabasesResponse> ListDatabasesAsync(string project, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, PathOf($"projects/{project}", "/databases"), RetryPolicy.Read, Types.ListDatabasesResponse, $"projects/{project}", cancellationToken);

    /// <summary>Starts creating a database (a scratch database for a restore rehearsal).</summary>
    public Task<Operation> CreateDatabaseAsync(DatabaseName name, FirestoreDatabase database, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, PathOf($"projects/{name.Project}", "/databases"), RetryPolicy.IdempotentWrite, OperationType, name.ToString(), cancellationToken,
            new QueryBuilder().Add("databaseId", name.Database), Json(database, Types.FirestoreDatabase));

    public Task<Operation> DeleteDatabaseAsync(DatabaseName name, string? etag = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, PathOf(name.ToString()), RetryPolicy.IdempotentWrite, OperationType, name.ToString(), cancellationToken,
            new QueryBuilder().Add("etag", etag));

    public Task<FirestoreDatabase> WaitForDatabaseAsync(Operation operation, OperationPollOptions? options = null, CancellationToken cancellationToken = default) =>
        Poller.WaitForResponseAsync(Service, Version, operation, Types.FirestoreDatabase, options, cancellationToken);

    public Task<Operation> ExportDocumentsAsync(DatabaseName name, ExportDocumentsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, PathOf(name.ToString(), ":exportDocuments"), RetryPolicy.NonIdempotentWrite, OperationType, name.ToString(), cancellationToken,
            body: Json(request, Types.ExportDocumentsRequest));

    public Task<ExportDocumentsResponse> WaitForExportAsync(Operation operation, OperationPollOptions? options = null, CancellationToken cancellationToken = default) =>
        Poller.WaitForResponseAsync(Service, Version, operation, Types.ExportDocumentsResponse, options, cancellationToken);

    public Task<Operation> ImportDocumentsAsync(DatabaseName name, ImportDocumentsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, PathOf(name.ToString(), ":importDocuments"), RetryPolicy.NonIdempotentWrite, OperationType, name.ToString(), cancellationToken,
            body: Json(request, Types.ImportDocumentsRequest));

    public static DocumentsOperationMetadata? ReadMetadata(Operation operation) =>
        OperationPoller.ReadMetadata(operation, Types.DocumentsOperationMetadata);

    public IAsyncEnumerable<Operation> ListOperationsAsync(DatabaseName name, string? filter = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        Paging.ReadAllAsync(
            (token, ct) => SendAsync(HttpMethod.Get, PathOf(name.ToString(), "/operations"), RetryPolicy.Read, Types.ListOperationsResponse, name.ToString(), ct,
                new QueryBuilder().Add("filter", filter).Add("pageSize", pageSize).Add("pageToken", token)),
            page => page.Operations,
            page => page.NextPageToken,
            cancellationToken);

    /// <summary>Asks the server to stop an operation; cancelling twice is harmless.</summary>
    public Task CancelOperationAsync(string operationName, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, PathOf(operationName, ":cancel"), RetryPolicy.IdempotentWrite, EmptyType, operationName, cancellationToken,
            body: Json(new Empty(), EmptyType));

    /// <summary>Indexes of one collection group, or of all with <c>-</c>.</summary>
    public IAsyncEnumerable<FirestoreIndex> ListIndexesAsync(DatabaseName database, string collectionGroup = "-", string? filter = null, CancellationToken cancellationToken = default)
    {
        var parent = database.CollectionGroup(collectionGroup);
        return Paging.ReadAllAsync(
            (token, ct) => SendAsync(HttpMethod.Get, PathOf(parent, "/indexes"), RetryPolicy.Read, Types.ListIndexesResponse, parent, ct,
                new QueryBuilder().Add("filter", filter).Add("pageToken", token)),
            page => page.Indexes,
            page => page.NextPageToken,
            cancellationToken);
    }

    /// <summary>Starts building an index. A repeat of an identical index is refused with ALREADY_EXISTS,
    /// so the call is retried as an idempotent write.</summary>
    public Task<Operation> CreateIndexAsync(DatabaseName database, string collectionGroup, FirestoreIndex index, CancellationToken cancellationToken = default)
    {
        var parent = database.CollectionGroup(collectionGroup);
        return SendAsync(HttpMethod.Post, PathOf(parent, "/indexes"), RetryPolicy.IdempotentWrite, OperationType, parent, cancellationToken,
            body: Json(index, Types.FirestoreIndex));
    }

    public Task<FirestoreIndex> WaitForIndexAsync(Operation operation, OperationPollOptions? options = null, CancellationToken cancellationToken = default) =>
        Poller.WaitForResponseAsync(Service, Version, operation, Types.FirestoreIndex, options, cancellationToken);

    public Task<FirestoreIndex> GetIndexAsync(string indexName, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, PathOf(indexName), RetryPolicy.Read, Types.FirestoreIndex, indexName, cancellationToken);

    public Task DeleteIndexAsync(string indexName, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, PathOf(indexName), RetryPolicy.IdempotentWrite, EmptyType, indexName, cancellationToken);

    public IAsyncEnumerable<FirestoreField> ListFieldsAsync(DatabaseName database, string collectionGroup = "-", string? filter = "indexConfig.usesAncestorConfig=false OR ttlConfig:*", CancellationToken cancellationToken = default)
    {
        var parent = database.CollectionGroup(collectionGroup);
        return Paging.ReadAllAsync(
            (token, ct) => SendAsync(HttpMethod.Get, PathOf(parent, "/fields"), RetryPolicy.Read, Types.ListFieldsResponse, parent, ct,
                new QueryBuilder().Add("filter", filter).Add("pageToken", token)),
            page => page.Fields,
            page => page.NextPageToken,
            cancellationToken);
    }

    /// <summary>Starts changing a field's index overrides / TTL (body <c>{}</c> removes the override).</summary>
    public Task<Operation> PatchFieldAsync(FirestoreField field, IEnumerable<string>? updateMask = null, CancellationToken cancellationToken = default)
    {
        var name = field.Name ?? throw new ArgumentException("The field has no name.", nameof(field));
        return SendAsync(HttpMethod.Patch, PathOf(name), RetryPolicy.IdempotentWrite, OperationType, name, cancellationToken,
            new QueryBuilder().Add("updateMask", Mask(updateMask)), Json(field with { Name = null }, Types.FirestoreField));
    }

    public Task<FirestoreField> GetFieldAsync(string fieldName, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, PathOf(fieldName), RetryPolicy.Read, Types.FirestoreField, fieldName, cancellationToken);

    /// <summary>Waits for a fields.patch operation; its response is the Field as it now is.</summary>
    public Task<FirestoreField> WaitForFieldAsync(Operation operation, OperationPollOptions? options = null, CancellationToken cancellationToken = default) =>
        Poller.WaitForResponseAsync(Service, Version, operation, Types.FirestoreField, options, cancellationToken);

    /// <summary>Number of documents in a collection (with <paramref name="allDescendants"/>: every
    /// collection group of that id) via <c>documents:runAggregationQuery</c> with a COUNT.</summary>
    public async Task<long> CountDocumentsAsync(DatabaseName database, string collectionId, bool allDescendants = true, CancellationToken cancellationToken = default)
    {
        var parent = $"{database}/documents";
        var request = new RunAggregationQueryRequest
        {
            StructuredAggregationQuery = new StructuredAggregationQuery
            {
                StructuredQuery = new StructuredQuery { From = [new CollectionSelector { CollectionId = collectionId, AllDescendants = allDescendants ? true : null }] },
                Aggregations = [new QueryAggregation { Alias = "count", Count = new CountAggregation() }],
            },
        };
        var results = await SendAsync(HttpMethod.Post, PathOf(parent, ":runAggregationQuery"), RetryPolicy.Read, Types.ListRunAggregationQueryResponse, parent, cancellationToken,
            body: Json(request, Types.RunAggregationQueryRequest)).ConfigureAwait(false);
        foreach (var result in results)
        {
            if (result.Result?.AggregateFields is { } fields && fields.TryGetValue("count", out var count) && count.IntegerValue is { } value)
            {
                return value;
            }
        }

        throw new JobFinderException("GoogleApiResponseInvalid", ErrorKind.InvalidData, $"The count of '{collectionId}' in {database} came back without a result.", database.ToString());
    }
}
