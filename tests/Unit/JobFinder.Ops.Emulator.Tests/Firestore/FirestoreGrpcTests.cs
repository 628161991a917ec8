using System.Text.Json.Nodes;
using Google.Cloud.Firestore.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using JobFinder.Ops.Emulator.Firestore;
using Xunit;
using static Google.Cloud.Firestore.V1.StructuredQuery.Types;
using Value = Google.Cloud.Firestore.V1.Value;

namespace JobFinder.Ops.Emulator.Tests.Firestore;

/// <summary>google.firestore.v1.Firestore over real gRPC (HTTP/2 cleartext, Grpc.Net.Client) against the
/// emulator's FIRESTORE_EMULATOR_HOST port, with the token the Admin SDK sends in emulator mode. Each test
/// writes its own collection, so the tests share one emulator.</summary>
[Collection(DataApiCollection.Name)]
public sealed class FirestoreGrpcTests(DataApiEmulator emulator) : IDisposable
{
    private const string Root = $"projects/{DataApiEmulator.Project}/databases/(default)/documents";
    private const string DatabaseName = $"projects/{DataApiEmulator.Project}/databases/(default)";
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress("http://" + emulator.Emulator.FirestoreEmulatorHost);
    private readonly string _collection = "grpc-" + Guid.NewGuid().ToString("N")[..8];

    private Google.Cloud.Firestore.V1.Firestore.FirestoreClient Client => new(_channel);

    private static Metadata Owner => new() { { "authorization", "Bearer owner" } };

    public void Dispose() => _channel.Dispose();

    private string Doc(string id) => $"{Root}/{_collection}/{id}";

    private static Value Str(string s) => new() { StringValue = s };

    private static Value Int(long i) => new() { IntegerValue = i };

    private Write Set(string id, params (string Field, Value Value)[] fields)
    {
        var document = new Document { Name = Doc(id) };
        foreach (var (field, value) in fields)
        {
            document.Fields[field] = value;
        }
        return new Write { Update = document };
    }

    private async Task<CommitResponse> CommitAsync(params Write[] writes)
    {
        var request = new CommitRequest { Database = DatabaseName };
        request.Writes.AddRange(writes);
        return await Client.CommitAsync(request, Owner);
    }

    private async Task<List<RunQueryResponse>> QueryAsync(StructuredQuery query, ByteString? transaction = null)
    {
        var request = new RunQueryRequest { Parent = Root, StructuredQuery = query };
        if (transaction is not null)
        {
            request.Transaction = transaction;
        }
        using var call = Client.RunQuery(request, Owner);
        var responses = new List<RunQueryResponse>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            responses.Add(response);
        }
        return responses;
    }

    private StructuredQuery From() => new() { From = { new CollectionSelector { CollectionId = _collection } } };

    private static Filter Field(string field, FieldFilter.Types.Operator op, Value value) =>
        new() { FieldFilter = new FieldFilter { Field = new FieldReference { FieldPath = field }, Op = op, Value = value } };

    private static List<string> Ids(IEnumerable<RunQueryResponse> responses) =>
        responses.Where(r => r.Document is not null).Select(r => r.Document.Name[(r.Document.Name.LastIndexOf('/') + 1)..]).ToList();

    [Fact]
    public async Task Commit_then_GetDocument_reads_back_and_the_REST_API_sees_the_same_document()
    {
        var commit = await CommitAsync(Set("a", ("title", Str("grpc")), ("n", Int(7)),
            ("tags", new Value { ArrayValue = new ArrayValue { Values = { Str("x"), Str("y") } } })));
        Assert.Single(commit.WriteResults);

        var document = await Client.GetDocumentAsync(new GetDocumentRequest { Name = Doc("a") }, Owner);
        Assert.Equal("grpc", document.Fields["title"].StringValue);
        Assert.Equal(7, document.Fields["n"].IntegerValue);
        Assert.Equal(commit.CommitTime, document.UpdateTime);

        var (status, rest) = await emulator.SendAsync(HttpMethod.Get, $"v1/{Doc("a")}");
        Assert.Equal(200, status);
        Assert.Equal("7", (string?)rest["fields"]!["n"]!["integerValue"]);
        Assert.Equal("y", (string?)rest["fields"]!["tags"]!["arrayValue"]!["values"]![1]!["stringValue"]);
    }

    [Fact]
    public async Task A_document_written_over_REST_is_read_over_gRPC()
    {
        var (status, _) = await emulator.SendAsync(HttpMethod.Patch, $"v1/{Doc("rest")}", new JsonObject
        {
            ["fields"] = new JsonObject { ["when"] = FirestoreValues.Timestamp(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)), ["ok"] = FirestoreValues.Boolean(true) },
        });
        Assert.Equal(200, status);

        var document = await Client.GetDocumentAsync(new GetDocumentRequest { Name = Doc("rest") }, Owner);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).ToUnixTimeSeconds(), document.Fields["when"].TimestampValue.Seconds);
        Assert.True(document.Fields["ok"].BooleanValue);
    }

    [Fact]
    public async Task GetDocument_of_a_missing_document_is_NOT_FOUND_naming_it()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.GetDocumentAsync(new GetDocumentRequest { Name = Doc("missing") }, Owner));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains(Doc("missing"), error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_without_credentials_is_UNAUTHENTICATED()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.GetDocumentAsync(new GetDocumentRequest { Name = Doc("x") }));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task BatchGetDocuments_streams_found_and_missing_in_request_order()
    {
        await CommitAsync(Set("one", ("v", Int(1))));
        using var call = Client.BatchGetDocuments(new BatchGetDocumentsRequest { Database = DatabaseName, Documents = { Doc("one"), Doc("none") } }, Owner);
        var responses = await call.ResponseStream.ReadAllAsync().ToListAsync();

        Assert.Equal(2, responses.Count);
        Assert.Equal(1, responses[0].Found.Fields["v"].IntegerValue);
        Assert.Equal(Doc("none"), responses[1].Missing);
    }

    [Fact]
    public async Task Field_transforms_apply_server_side_and_return_their_results()
    {
        await CommitAsync(Set("t", ("count", Int(5)), ("tags", new Value { ArrayValue = new ArrayValue { Values = { Str("a"), Str("b") } } })));
        var write = new Write
        {
            Update = new Document { Name = Doc("t") },
            UpdateMask = new DocumentMask(),
            CurrentDocument = new Precondition { Exists = true },
            UpdateTransforms =
            {
                new DocumentTransform.Types.FieldTransform { FieldPath = "count", Increment = Int(3) },
                new DocumentTransform.Types.FieldTransform { FieldPath = "stamp", SetToServerValue = DocumentTransform.Types.FieldTransform.Types.ServerValue.RequestTime },
                new DocumentTransform.Types.FieldTransform { FieldPath = "tags", AppendMissingElements = new ArrayValue { Values = { Str("b"), Str("c") } } },
                new DocumentTransform.Types.FieldTransform { FieldPath = "tags", RemoveAllFromArray = new ArrayValue { Values = { Str("a") } } },
                new DocumentTransform.Types.FieldTransform { FieldPath = "nested.max", Maximum = new Value { DoubleValue = 2.5 } },
            },
        };
        var commit = await CommitAsync(write);

        Assert.Equal(8, commit.WriteResults[0].TransformResults[0].IntegerValue);
        Assert.Equal(commit.CommitTime, commit.WriteResults[0].TransformResults[1].TimestampValue);
        var document = await Client.GetDocumentAsync(new GetDocumentRequest { Name = Doc("t") }, Owner);
        Assert.Equal(8, document.Fields["count"].IntegerValue);
        Assert.Equal(commit.CommitTime, document.Fields["stamp"].TimestampValue);
        Assert.Equal(["b", "c"], document.Fields["tags"].ArrayValue.Values.Select(v => v.StringValue));
        Assert.Equal(2.5, document.Fields["nested"].MapValue.Fields["max"].DoubleValue);
    }

    [Fact]
    public async Task Preconditions_answer_ALREADY_EXISTS_NOT_FOUND_and_FAILED_PRECONDITION_and_the_batch_writes_nothing()
    {
        var first = await CommitAsync(Set("p", ("v", Int(1))));

        var create = Set("p", ("v", Int(2)));
        create.CurrentDocument = new Precondition { Exists = false };
        var exists = await Assert.ThrowsAsync<RpcException>(() => CommitAsync(Set("other", ("v", Int(1))), create));
        Assert.Equal(StatusCode.AlreadyExists, exists.StatusCode);

        var update = Set("nope", ("v", Int(1)));
        update.CurrentDocument = new Precondition { Exists = true };
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => CommitAsync(update))).StatusCode);

        var stale = Set("p", ("v", Int(3)));
        stale.CurrentDocument = new Precondition { UpdateTime = new Timestamp { Seconds = first.CommitTime.Seconds - 60 } };
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(() => CommitAsync(stale))).StatusCode);

        var current = Set("p", ("v", Int(4)));
        current.CurrentDocument = new Precondition { UpdateTime = first.WriteResults[0].UpdateTime };
        await CommitAsync(current);

        // The batch whose second write failed wrote nothing: "other" does not exist.
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await Client.GetDocumentAsync(new GetDocumentRequest { Name = Doc("other") }, Owner));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(4, (await Client.GetDocumentAsync(new GetDocumentRequest { Name = Doc("p") }, Owner)).Fields["v"].IntegerValue);
    }

    [Fact]
    public async Task Update_mask_merges_and_delete_removes()
    {
        await CommitAsync(Set("m", ("keep", Int(1)), ("drop", Int(2))));
        var merge = Set("m", ("added", Str("yes")));
        merge.UpdateMask = new DocumentMask { FieldPaths = { "added", "drop" } };
        await CommitAsync(merge);

        var document = await Client.GetDocumentAsync(new GetDocumentRequest { Name = Doc("m") }, Owner);
        Assert.Equal(["added", "keep"], document.Fields.Keys.Order());

        await CommitAsync(new Write { Delete = Doc("m") });
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () => await Client.GetDocumentAsync(new GetDocumentRequest { Name = Doc("m") }, Owner))).StatusCode);
    }

    private async Task SeedJobsAsync()
    {
        await CommitAsync(
            Set("j1", ("status", Str("new")), ("score", Int(5)), ("tags", new Value { ArrayValue = new ArrayValue { Values = { Str("go") } } })),
            Set("j2", ("status", Str("new")), ("score", Int(9)), ("tags", new Value { ArrayValue = new ArrayValue { Values = { Str("js"), Str("go") } } })),
            Set("j3", ("status", Str("old")), ("score", Int(7))),
            Set("j4", ("status", Str("new")), ("score", new Value { DoubleValue = 6.5 })),
            Set("j5", ("status", Str("new"))));
    }

    [Fact]
    public async Task RunQuery_filters_orders_limits_and_skips_documents_without_the_order_field()
    {
        await SeedJobsAsync();
        var query = From();
        query.Where = Field("status", FieldFilter.Types.Operator.Equal, Str("new"));
        query.OrderBy.Add(new Order { Field = new FieldReference { FieldPath = "score" }, Direction = Direction.Descending });
        Assert.Equal(["j2", "j4", "j1"], Ids(await QueryAsync(query)));

        query.Limit = 2;
        Assert.Equal(["j2", "j4"], Ids(await QueryAsync(query)));

        query.Limit = null;
        query.Offset = 1;
        Assert.Equal(["j4", "j1"], Ids(await QueryAsync(query)));
    }

    [Fact]
    public async Task RunQuery_composite_array_in_and_inequality_filters()
    {
        await SeedJobsAsync();
        var contains = From();
        contains.Where = Field("tags", FieldFilter.Types.Operator.ArrayContains, Str("go"));
        Assert.Equal(["j1", "j2"], Ids(await QueryAsync(contains)));

        var range = From();
        range.Where = new Filter
        {
            CompositeFilter = new CompositeFilter
            {
                Op = CompositeFilter.Types.Operator.And,
                Filters = { Field("score", FieldFilter.Types.Operator.GreaterThanOrEqual, Int(6)), Field("status", FieldFilter.Types.Operator.NotEqual, Str("old")) },
            },
        };
        // Implicitly ordered by the inequality fields (score, then status), then by name.
        Assert.Equal(["j4", "j2"], Ids(await QueryAsync(range)));

        var either = From();
        either.Where = new Filter
        {
            CompositeFilter = new CompositeFilter
            {
                Op = CompositeFilter.Types.Operator.Or,
                Filters = { Field("status", FieldFilter.Types.Operator.Equal, Str("old")), Field("score", FieldFilter.Types.Operator.In, new Value { ArrayValue = new ArrayValue { Values = { Int(5) } } }) },
            },
        };
        Assert.Equal(["j1", "j3"], Ids(await QueryAsync(either)));

        var unary = From();
        unary.Where = new Filter { UnaryFilter = new UnaryFilter { Field = new FieldReference { FieldPath = "score" }, Op = UnaryFilter.Types.Operator.IsNotNull } };
        Assert.Equal(["j1", "j4", "j3", "j2"], Ids(await QueryAsync(unary)));
    }

    [Fact]
    public async Task RunQuery_cursors_start_after_and_end_at_positions_in_query_order()
    {
        await SeedJobsAsync();
        var query = From();
        query.OrderBy.Add(new Order { Field = new FieldReference { FieldPath = "score" }, Direction = Direction.Ascending });
        query.StartAt = new Cursor { Values = { Int(5) }, Before = false };
        query.EndAt = new Cursor { Values = { Int(7) }, Before = false };
        Assert.Equal(["j4", "j3"], Ids(await QueryAsync(query)));

        query.StartAt = new Cursor { Values = { Int(5) }, Before = true };
        query.EndAt = new Cursor { Values = { Int(7) }, Before = true };
        Assert.Equal(["j1", "j4"], Ids(await QueryAsync(query)));
    }

    [Fact]
    public async Task RunAggregationQuery_counts_sums_and_averages_the_query_results()
    {
        await SeedJobsAsync();
        var query = From();
        query.Where = Field("status", FieldFilter.Types.Operator.Equal, Str("new"));
        var request = new RunAggregationQueryRequest
        {
            Parent = Root,
            StructuredAggregationQuery = new StructuredAggregationQuery
            {
                StructuredQuery = query,
                Aggregations =
                {
                    new StructuredAggregationQuery.Types.Aggregation { Alias = "n", Count = new() },
                    new StructuredAggregationQuery.Types.Aggregation { Alias = "upTo2", Count = new() { UpTo = 2 } },
                    new StructuredAggregationQuery.Types.Aggregation { Alias = "total", Sum = new() { Field = new FieldReference { FieldPath = "score" } } },
                    new StructuredAggregationQuery.Types.Aggregation { Alias = "mean", Avg = new() { Field = new FieldReference { FieldPath = "score" } } },
                },
            },
        };
        using var call = Client.RunAggregationQuery(request, Owner);
        var result = Assert.Single(await call.ResponseStream.ReadAllAsync().ToListAsync()).Result.AggregateFields;

        Assert.Equal(4, result["n"].IntegerValue);
        Assert.Equal(2, result["upTo2"].IntegerValue);
        Assert.Equal(20.5, result["total"].DoubleValue);
        Assert.Equal(20.5 / 3, result["mean"].DoubleValue, 9);
    }

    [Fact]
    public async Task A_transaction_commits_its_writes_and_aborts_when_what_it_read_changed()
    {
        await CommitAsync(Set("acct", ("balance", Int(10))));
        var begun = await Client.BeginTransactionAsync(new BeginTransactionRequest { Database = DatabaseName }, Owner);
        var read = await Client.GetDocumentAsync(new GetDocumentRequest { Name = Doc("acct"), Transaction = begun.Transaction }, Owner);
        var commit = new CommitRequest { Database = DatabaseName, Transaction = begun.Transaction, Writes = { Set("acct", ("balance", Int(read.Fields["balance"].IntegerValue - 3))) } };
        await Client.CommitAsync(commit, Owner);
        Assert.Equal(7, (await Client.GetDocumentAsync(new GetDocumentRequest { Name = Doc("acct") }, Owner)).Fields["balance"].IntegerValue);

        // Committed transactions are gone.
        var reused = await Assert.ThrowsAsync<RpcException>(async () => await Client.CommitAsync(commit, Owner));
        Assert.Equal(StatusCode.InvalidArgument, reused.StatusCode);

        // A read-write transaction begun by its first read (new_transaction), then a write by someone else.
        using var batch = Client.BatchGetDocuments(new BatchGetDocumentsRequest
        {
            Database = DatabaseName,
            Documents = { Doc("acct") },
            NewTransaction = new TransactionOptions { ReadWrite = new TransactionOptions.Types.ReadWrite() },
        }, Owner);
        var first = Assert.Single(await batch.ResponseStream.ReadAllAsync().ToListAsync());
        Assert.False(first.Transaction.IsEmpty);
        await CommitAsync(Set("acct", ("balance", Int(100))));
        var conflict = await Assert.ThrowsAsync<RpcException>(async () => await Client.CommitAsync(
            new CommitRequest { Database = DatabaseName, Transaction = first.Transaction, Writes = { Set("acct", ("balance", Int(0))) } }, Owner));
        Assert.Equal(StatusCode.Aborted, conflict.StatusCode);
        Assert.Equal(100, (await Client.GetDocumentAsync(new GetDocumentRequest { Name = Doc("acct") }, Owner)).Fields["balance"].IntegerValue);

        // Rollback ends a transaction.
        var other = await Client.BeginTransactionAsync(new BeginTransactionRequest { Database = DatabaseName }, Owner);
        await Client.RollbackAsync(new RollbackRequest { Database = DatabaseName, Transaction = other.Transaction }, Owner);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.RollbackAsync(new RollbackRequest { Database = DatabaseName, Transaction = other.Transaction }, Owner))).StatusCode);
    }

    [Fact]
    public async Task ListCollectionIds_and_ListDocuments_with_missing_parents()
    {
        await CommitAsync(Set("parent", ("v", Int(1))));
        var child = Set("x", ("v", Int(1)));
        child.Update.Name = Doc("parent") + "/children/c1";
        var orphan = Set("x", ("v", Int(2)));
        orphan.Update.Name = Doc("ghost") + "/children/c2";
        await CommitAsync(child, orphan);

        var ids = await Client.ListCollectionIdsAsync(new ListCollectionIdsRequest { Parent = Doc("parent") }, Owner);
        Assert.Equal(["children"], ids.CollectionIds);

        var listed = await Client.ListDocumentsAsync(new ListDocumentsRequest { Parent = Root, CollectionId = _collection, ShowMissing = true, Mask = new DocumentMask() }, Owner);
        Assert.Equal([Doc("ghost"), Doc("parent")], listed.Documents.Select(d => d.Name));
        Assert.Null(listed.Documents[0].CreateTime);
        Assert.Empty(listed.Documents[1].Fields);

        var paged = await Client.ListDocumentsAsync(new ListDocumentsRequest { Parent = Root, CollectionId = _collection, PageSize = 1 }, Owner);
        Assert.Equal([Doc("parent")], paged.Documents.Select(d => d.Name));
        Assert.Empty(paged.NextPageToken);
    }

    [Fact]
    public async Task The_request_log_records_gRPC_calls_as_firestore_with_reads_not_mutating()
    {
        await CommitAsync(Set("logged", ("v", Int(1))));
        await Client.GetDocumentAsync(new GetDocumentRequest { Name = Doc("logged") }, Owner);

        var (_, log) = await emulator.SendAsync(HttpMethod.Get, "_emulator/requests");
        var entries = log["requests"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var get = entries.Last(r => (string?)r["path"] == "/google.firestore.v1.Firestore/GetDocument");
        var commit = entries.Last(r => (string?)r["path"] == "/google.firestore.v1.Firestore/Commit");
        Assert.Equal("firestore", (string?)get["api"]);
        Assert.False((bool)get["mutating"]!);
        Assert.True((bool)commit["mutating"]!);
        Assert.Equal("owner", (string?)commit["principal"]);
    }

    [Fact]
    public async Task An_unimplemented_method_answers_UNIMPLEMENTED_naming_it()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.PartitionQueryAsync(new PartitionQueryRequest { Parent = Root }, Owner));
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Contains("google.firestore.v1.Firestore/PartitionQuery", error.Status.Detail, StringComparison.Ordinal);
    }
}

internal static class AsyncStreamExtensions
{
    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }
        return list;
    }
}
