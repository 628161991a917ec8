using System.Globalization;
using Google.Cloud.Firestore.V1;
using Google.Protobuf;
using Grpc.Core;
using JobFinder.Ops.Emulator.Infrastructure;

namespace JobFinder.Ops.Emulator.Firestore.Grpc;

/// <summary>The reading side beyond single documents: queries, aggregations and listings.</summary>
internal sealed partial class FirestoreGrpcService
{
    public override async Task RunQuery(RunQueryRequest request, IServerStreamWriter<RunQueryResponse> responseStream, ServerCallContext context)
    {
        RejectExplain(request.ExplainOptions);
        var parent = DocumentName.ParseParent(request.Parent);
        var database = Database(parent);
        var transaction = ReadTransaction(request.Transaction, request.NewTransaction, request.ReadTime is not null, parent);
        var query = request.StructuredQuery ?? throw GoogleErrors.InvalidArgument("structured_query is required.");
        var matches = QueryEngine.Run(database, parent, query);
        var readTime = GrpcValues.ToTimestamp(store.Now);
        var responses = matches.Select(m =>
        {
            transaction?.RecordRead(m.Stored.Path, m.Stored);
            return new RunQueryResponse { Document = m.Document, ReadTime = readTime };
        }).ToList();
        if (responses.Count == 0)
        {
            // No result still answers once, with the read time (and the transaction it began).
            responses.Add(new RunQueryResponse { ReadTime = readTime });
        }
        if (request.NewTransaction is not null)
        {
            responses[0].Transaction = transaction!.Id;
        }
        responses[^1].Done = true;
        foreach (var response in responses)
        {
            await responseStream.WriteAsync(response).ConfigureAwait(false);
        }
    }

    public override async Task RunAggregationQuery(RunAggregationQueryRequest request, IServerStreamWriter<RunAggregationQueryResponse> responseStream, ServerCallContext context)
    {
        RejectExplain(request.ExplainOptions);
        var parent = DocumentName.ParseParent(request.Parent);
        var database = Database(parent);
        var transaction = ReadTransaction(request.Transaction, request.NewTransaction, request.ReadTime is not null, parent);
        var aggregation = request.StructuredAggregationQuery ?? throw GoogleErrors.InvalidArgument("structured_aggregation_query is required.");
        if (aggregation.Aggregations.Count is 0 or > 5)
        {
            // "Requires: A minimum of one and maximum of five aggregations per query." (query.proto)
            throw GoogleErrors.InvalidArgument("An aggregation query needs between one and five aggregations.");
        }
        var matches = QueryEngine.Run(database, parent, aggregation.StructuredQuery ?? throw GoogleErrors.InvalidArgument("structured_query is required."));
        foreach (var match in matches)
        {
            transaction?.RecordRead(match.Stored.Path, match.Stored);
        }
        var response = new RunAggregationQueryResponse
        {
            Result = QueryEngine.Aggregate(matches, aggregation.Aggregations),
            ReadTime = GrpcValues.ToTimestamp(store.Now),
        };
        if (request.NewTransaction is not null)
        {
            response.Transaction = transaction!.Id;
        }
        await responseStream.WriteAsync(response).ConfigureAwait(false);
    }

    public override Task<ListCollectionIdsResponse> ListCollectionIds(ListCollectionIdsRequest request, ServerCallContext context)
    {
        var parent = DocumentName.ParseParent(request.Parent);
        ReadTransaction(ByteString.Empty, null, request.ReadTime is not null, parent);
        var ids = Database(parent).CollectionIds(parent.Path);
        var (page, next) = Page(ids, request.PageSize, request.PageToken);
        var response = new ListCollectionIdsResponse { NextPageToken = next };
        response.CollectionIds.AddRange(page);
        return Task.FromResult(response);
    }

    /// <summary>Documents of one collection by name, optionally with the "missing" documents that have
    /// none of their own but have subcollections (<c>show_missing</c>, which the Admin SDK's
    /// <c>listDocuments()</c> asks for): those come back with a name only.</summary>
    public override Task<ListDocumentsResponse> ListDocuments(ListDocumentsRequest request, ServerCallContext context)
    {
        var parent = DocumentName.ParseParent(request.Parent);
        var database = Database(parent);
        if (request.OrderBy.Length > 0 && request.OrderBy != FieldPath.DocumentName)
        {
            throw new GoogleApiException(RpcCode.Unimplemented, $"ListDocuments order_by '{request.OrderBy}' is not supported by the emulator; leave it empty (by name).");
        }
        var transaction = ReadTransaction(request.Transaction, null, request.ReadTime is not null, parent);
        if (request.CollectionId.Length == 0)
        {
            throw GoogleErrors.InvalidArgument("collection_id is required.");
        }
        var mask = Mask(request.Mask);
        var documents = new SortedDictionary<string, Document>(Comparer<string>.Create(ValueOrder.CompareReferences));
        foreach (var stored in database.Query(parent.Path, request.CollectionId, allDescendants: false))
        {
            transaction?.RecordRead(stored.Path, stored);
            var document = DocumentName.ToProto(database, stored, mask);
            documents[document.Name] = document;
        }
        if (request.ShowMissing)
        {
            var collectionPrefix = parent.Child(request.CollectionId).Path + "/";
            foreach (var descendant in database.Snapshot(d => d.Path.StartsWith(collectionPrefix, StringComparison.Ordinal)))
            {
                var id = descendant.Path[collectionPrefix.Length..].Split('/')[0];
                var name = parent.Child(request.CollectionId + "/" + id).ToString();
                documents.TryAdd(name, new Document { Name = name });
            }
        }
        var (page, next) = Page(documents.Values.ToList(), request.PageSize, request.PageToken);
        var response = new ListDocumentsResponse { NextPageToken = next };
        response.Documents.AddRange(page);
        return Task.FromResult(response);
    }

    private static void RejectExplain(ExplainOptions? options)
    {
        if (options is not null)
        {
            throw new GoogleApiException(RpcCode.Unimplemented, "Query explain (explain_options) is not supported by the emulator.");
        }
    }

    /// <summary>Offset page tokens (opaque to clients, as Google's are).</summary>
    private static (List<T> Page, string Next) Page<T>(List<T> items, int pageSize, string pageToken)
    {
        var offset = 0;
        if (pageToken.Length > 0 && !int.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            throw GoogleErrors.InvalidArgument($"Invalid page token '{pageToken}'.");
        }
        var size = pageSize > 0 ? pageSize : int.MaxValue;
        var page = items.Skip(offset).Take(size).ToList();
        var next = offset + page.Count < items.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : string.Empty;
        return (page, next);
    }
}
